"""Writes of risk assessments: draw up a new version from the current data, submit it to the
expert committee, and the committee's comments and decisions. An approved version is frozen."""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from npgov.chemicals.models import PropertyRecord
from npgov.core import policy
from npgov.core.audit import acting_as
from npgov.monitoring.models import Result

from .choices import AssessmentStatus, ReviewDecision
from .models import Assessment, AssessmentComment
from .profile import profile

REFERENCE = Path(__file__).resolve().parents[1] / "reference" / "risk"


def _sources(substance) -> dict:
    """The versions of the data and reference sets an assessment rests on."""
    records = PropertyRecord.objects.filter(substance=substance)
    results = Result.objects.filter(substance=substance)
    return {
        "property_records": records.count(),
        "property_records_updated": str(records.aggregate(u=Max("updated"))["u"] or ""),
        "monitoring_results": results.count(),
        "monitoring_last_result": results.aggregate(m=Max("pk"))["m"],
        "reference": {
            path.name: hashlib.sha256(path.read_bytes()).hexdigest()[:12]
            for path in sorted(REFERENCE.glob("*.yaml"))
        },
    }


def _content(*, user, substance) -> dict:
    """What a version freezes (``schema`` 2: PNECs per compartment, measured exposure and RQs
    per compartment and district, modelled exposure from the survey)."""
    found = profile(user=user, substance=substance)
    ssd = found["ssd"]
    return {
        "schema": 2,
        "hazard": found["hazard"].as_dict(),
        "pnecs": found["pnecs"].as_dict(),
        "ssd": {k: ssd.get(k) for k in ("hc5", "lcl", "ucl", "reason", "fits")},
        "exposure": found["exposure"],
        "pec": found["pec"],
    }


def assessment_create(*, actor, substance, summary: str = "") -> Assessment:
    """A new draft version drawn up from the data as they are now."""
    policy.require(actor, "risk.add_assessment")
    with transaction.atomic(), acting_as(actor):
        last = (
            Assessment.objects.select_for_update()
            .filter(substance=substance)
            .aggregate(v=Max("version"))["v"]
        )
        return Assessment.objects.create(
            substance=substance, version=(last or 0) + 1, summary=summary,
            content=_content(user=actor, substance=substance), sources=_sources(substance),
            created_by=actor,
        )  # fmt: skip


def assessment_submit(*, actor, assessment: Assessment) -> Assessment:
    policy.require(actor, "risk.add_assessment", assessment)
    if assessment.status != AssessmentStatus.DRAFT:
        raise ValidationError(_("Only a draft can be submitted for review."), code="status")
    with transaction.atomic(), acting_as(actor):
        assessment.status = AssessmentStatus.IN_REVIEW
        assessment.submitted = timezone.now()
        assessment.save(update_fields=["status", "submitted", "updated"])
    return assessment


def assessment_review(*, actor, assessment: Assessment, decision: str, text: str):
    """The expert committee comments, approves or returns a version in review."""
    policy.require(actor, "risk.review_assessment", assessment)
    if decision not in ReviewDecision.values:
        raise ValidationError(_("Unknown decision."), code="decision")
    if not text.strip():
        raise ValidationError({"text": _("Say why.")}, code="text")
    if assessment.status != AssessmentStatus.IN_REVIEW:
        raise ValidationError(_("Only an assessment in review can be decided."), code="status")
    if decision != ReviewDecision.COMMENT and assessment.created_by_id == actor.pk:
        raise ValidationError(_("Nobody decides on their own assessment."), code="own")
    with transaction.atomic(), acting_as(actor):
        AssessmentComment.objects.create(
            assessment=assessment, author=actor, decision=decision, text=text.strip()
        )
        if decision != ReviewDecision.COMMENT:
            assessment.status = (
                AssessmentStatus.APPROVED
                if decision == ReviewDecision.APPROVE
                else AssessmentStatus.RETURNED
            )
            assessment.decided, assessment.decided_by = timezone.now(), actor
            assessment.save(update_fields=["status", "decided", "decided_by", "updated"])
    return assessment
