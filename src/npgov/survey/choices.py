"""Choices of the survey app: campaign kinds, report states, activities and the coded lists of
the survey form (use categories, functions in process, transfer routes)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CampaignKind(models.TextChoices):
    """The three parts of the national chemical environmental information survey
    (化学物质环境信息统计调查制度, 环办固体函〔2023〕202号)."""

    BASIC = "basic", _("Basic environmental information survey (基本信息调查)")
    DETAILED = "detailed", _("Detailed environmental information survey (详细信息调查)")
    KEY_CONTROLLED = "key_controlled", _("Key controlled substances survey (重点管控信息调查)")


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("campaign", "In preparation")
    OPEN = "open", pgettext_lazy("campaign", "Open")
    CLOSED = "closed", pgettext_lazy("campaign", "Closed")


class ReportState(models.TextChoices):
    """draft → submitted → district review → bureau review → accepted; returned at any review."""

    NOT_STARTED = "not_started", _("Not started")
    DRAFT = "draft", pgettext_lazy("survey report", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("survey report", "Submitted, awaiting district review")
    DISTRICT_PASSED = "district_passed", _("Passed district review, awaiting bureau review")
    ACCEPTED = "accepted", pgettext_lazy("survey report", "Accepted")
    RETURNED = "returned", pgettext_lazy("survey report", "Returned for revision")


#: States in which the enterprise may edit its report.
EDITABLE_STATES = frozenset({ReportState.NOT_STARTED, ReportState.DRAFT, ReportState.RETURNED})
#: States that count as "reported" for completion figures.
REPORTED_STATES = frozenset(
    {ReportState.SUBMITTED, ReportState.DISTRICT_PASSED, ReportState.ACCEPTED}
)

STATE_COLOURS = {
    ReportState.NOT_STARTED: "#b0b7c3",
    ReportState.DRAFT: "#f59e0b",
    ReportState.SUBMITTED: "#3b82f6",
    ReportState.DISTRICT_PASSED: "#8b5cf6",
    ReportState.ACCEPTED: "#16a34a",
    ReportState.RETURNED: "#dc2626",
}


class AssignmentBasis(models.TextChoices):
    RULE = "rule", _("Industry and district scope")
    MANUAL = "manual", _("Added by the bureau")
    SELF_CHECK = "self_check", _("Scope self-check")


class Activity(models.TextChoices):
    """Activities surveyed; the codes are those of the rule evaluator."""

    PRODUCTION = "production", pgettext_lazy("activity", "Production")
    PROCESSING_USE = "processing_use", pgettext_lazy("activity", "Processing use")
    IMPORT = "import", pgettext_lazy("activity", "Import")
    EXPORT = "export", pgettext_lazy("activity", "Export")


class UseCategory(models.TextChoices):
    """Coded use categories of a substance (the platform's coding, after the OECD harmonised
    use categories, 2017; see reference/SOURCES.md)."""

    INTERMEDIATE = "U01", _("U01 Raw material or intermediate for synthesis")
    SOLVENT = "U02", _("U02 Solvent, extraction or cleaning agent")
    SURFACTANT = "U03", _("U03 Surfactant, emulsifier or wetting agent")
    FLAME_RETARDANT = "U04", _("U04 Flame retardant")
    PLASTICISER = "U05", _("U05 Plasticiser or polymer additive")
    LUBRICANT = "U06", _("U06 Lubricant, hydraulic or metal-working fluid")
    PLATING = "U07", _("U07 Electroplating or metal surface treatment (incl. mist suppressant)")
    FIRE_FOAM = "U08", _("U08 Fire-fighting foam")
    PESTICIDE = "U09", _("U09 Pesticide or biocide")
    PHARMACEUTICAL = "U10", _("U10 Human or veterinary medicine, feed additive")
    COATING = "U11", _("U11 Paint, coating, ink or adhesive")
    TEXTILE = "U12", _("U12 Textile, leather or paper finishing")
    RUBBER_PLASTIC = "U13", _("U13 Rubber or plastic processing aid")
    ELECTRONIC = "U14", _("U14 Electrical and electronic manufacturing")
    PERSONAL_CARE = "U15", _("U15 Cosmetics and personal care")
    OTHER = "U99", _("U99 Other (describe in the note)")


class ProcessFunction(models.TextChoices):
    """The function of a substance in the enterprise's process."""

    PRODUCT = "F01", _("F01 Product")
    BY_PRODUCT = "F02", _("F02 By-product or impurity")
    REACTANT = "F03", _("F03 Reactant or raw material")
    SOLVENT = "F04", _("F04 Solvent or carrier")
    CATALYST = "F05", _("F05 Catalyst or initiator")
    ADDITIVE = "F06", _("F06 Additive in the product")
    PROCESSING_AID = "F07", _("F07 Processing aid")
    CLEANING = "F08", _("F08 Cleaning or degreasing")
    OTHER = "F99", _("F99 Other")


class TransferRoute(models.TextChoices):
    SEWER = "sewer", _("Sewer to a wastewater treatment plant")
    HAZARDOUS_WASTE = "hazardous_waste", _("Hazardous waste to a licensed facility")
    RECYCLING = "recycling", _("Recovery or recycling off site")
    OTHER = "other", _("Other (describe in the note)")


class Resolution(models.TextChoices):
    MATCHED = "matched", _("Matched in the knowledge base")
    UNRESOLVED = "unresolved", _("Not yet in the knowledge base")


class Severity(models.TextChoices):
    ERROR = "error", _("Error (blocks submission)")
    WARNING = "warning", _("Warning (explain in the note)")
    COMPLIANCE = "compliance", _("Compliance warning")


class ReviewStep(models.TextChoices):
    ENTERPRISE = "enterprise", pgettext_lazy("review step", "Enterprise")
    DISTRICT = "district", pgettext_lazy("review step", "District review")
    BUREAU = "bureau", pgettext_lazy("review step", "Bureau review")


class EventAction(models.TextChoices):
    ASSIGN = "assign", _("Assigned")
    EDIT = "edit", pgettext_lazy("survey event", "Edited")
    UPLOAD = "upload", _("Workbook uploaded")
    SUBMIT = "submit", pgettext_lazy("survey event", "Submitted")
    DISTRICT_PASS = "district_pass", _("Passed district review")
    ACCEPT = "accept", pgettext_lazy("survey event", "Accepted")
    RETURN = "return", pgettext_lazy("survey event", "Returned")
    REMIND = "remind", _("Reminder sent")
    EXTEND = "extend", _("Deadline extended")
    RESOLVED = "resolved", _("Substance identified by a data steward")
    EVIDENCE = "evidence", pgettext_lazy("survey event", "Evidence attached")
