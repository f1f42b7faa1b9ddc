"""Forms of the risk pages (the services validate the scope)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from npgov.chemicals.models import ListEntry, SubstanceGroup
from npgov.core.models import Organisation, OrganisationKind
from npgov.monitoring.choices import Medium

from .choices import CategoryRule
from .pnecs import COMPARTMENT_OF


class RunForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    lists = forms.ModelMultipleChoiceField(
        label=_("List entries"), required=False,
        queryset=ListEntry.objects.select_related("regulatory_list").order_by(
            "regulatory_list__code", "pk"
        ),
    )  # fmt: skip
    groups = forms.ModelMultipleChoiceField(
        label=_("Groups"), required=False, queryset=SubstanceGroup.objects.order_by("code")
    )
    substances = forms.CharField(
        label=_("Substances"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Names, CAS RNs or platform IDs, one a line"),
    )  # fmt: skip
    media = forms.MultipleChoiceField(
        label=_("Media"), required=False,
        choices=[(m, label) for m, label in Medium.choices if m in COMPARTMENT_OF],
        help_text=_("Surface waters are compared with the freshwater PNEC, sediment and soil "
                    "with PNECs by equilibrium partitioning (dry weight); wastewater and "
                    "groundwater are not screened against an ecological PNEC. All of them when "
                    "none is chosen"),
    )  # fmt: skip
    districts = forms.ModelMultipleChoiceField(
        label=_("Districts"), required=False,
        queryset=Organisation.objects.filter(kind=OrganisationKind.DISTRICT).order_by("code"),
        help_text=_("All districts when none is chosen"),
    )  # fmt: skip
    date_from = forms.DateField(label=_("Sampled from"), required=False)
    date_to = forms.DateField(label=_("Sampled until"), required=False)
    rule = forms.ChoiceField(
        label=_("Category rule"), choices=CategoryRule.choices, initial=CategoryRule.SCARCE
    )
