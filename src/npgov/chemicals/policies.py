"""Permission grants and scope rules for chemical knowledge (public reference knowledge)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from npgov.core.policy import Reach, ScopeRule, grant, register_rule
from npgov.core.roles import Role as R

from .models import (
    ControlMeasure,
    GroupMembership,
    ListEntry,
    PropertyRecord,
    RegulatoryList,
    Substance,
    SubstanceGroup,
    SubstanceIdentifier,
)

for model in (
    Substance,
    SubstanceIdentifier,
    SubstanceGroup,
    GroupMembership,
    RegulatoryList,
    ListEntry,
    ControlMeasure,
    PropertyRecord,
):
    register_rule(ScopeRule(model, shared=Q(), published=Q()))

EVERYONE = {role: [Reach.ALL] for role in R}
STEWARDS = {R.SYSTEM_ADMIN: [Reach.ALL], R.DATA_STEWARD: [Reach.ALL]}

grant("chemicals.view_substance", _("View substances, groups and lists"), EVERYONE)
grant("chemicals.check_rules", _("Check control measures"), EVERYONE)
grant("chemicals.change_substance", _("Curate substances and identifiers"), STEWARDS)
grant("chemicals.change_regulatorylist", _("Curate regulatory lists and measures"), STEWARDS)
