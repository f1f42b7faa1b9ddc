"""Forms of the survey pages (validation of values is the services' job)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .choices import Activity, CampaignKind, ProcessFunction, TransferRoute, UseCategory


def _blank(choices):
    return [("", "—"), *choices]


class LineForm(forms.Form):
    name = forms.CharField(label=_("Substance name"), required=False, max_length=300)
    cas = forms.CharField(label=_("CAS RN"), required=False, max_length=30)
    activity = forms.ChoiceField(
        label=_("Activity"), choices=_blank(Activity.choices), required=False
    )
    quantity = forms.CharField(label=_("Quantity"), required=False, max_length=40)
    unit = forms.CharField(
        label=_("Unit"),
        required=False,
        max_length=20,
        initial="t",
        widget=forms.TextInput(attrs={"list": "units", "size": 5}),
    )
    use_category = forms.ChoiceField(
        label=_("Use category"), choices=_blank(UseCategory.choices), required=False
    )
    function = forms.ChoiceField(
        label=_("Function in process"), choices=_blank(ProcessFunction.choices), required=False
    )
    use_description = forms.CharField(label=_("Use as described"), required=False, max_length=300)
    release_air = forms.CharField(label=_("Release to air"), required=False, max_length=40)
    release_water = forms.CharField(label=_("Release to water"), required=False, max_length=40)
    release_soil = forms.CharField(label=_("Release to soil"), required=False, max_length=40)
    waste = forms.CharField(label=_("To waste"), required=False, max_length=40)
    transfer = forms.CharField(label=_("Transferred off site"), required=False, max_length=40)
    transfer_route = forms.ChoiceField(
        label=_("Transfer route"), choices=_blank(TransferRoute.choices), required=False
    )
    treatment = forms.CharField(label=_("Treatment"), required=False, max_length=200)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


LineFormSet = forms.formset_factory(LineForm, extra=3, max_num=2000, validate_max=True)


class ReportHeadForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    contact_name = forms.CharField(label=_("Contact person"), required=False, max_length=100)
    contact_phone = forms.CharField(label=_("Contact phone"), required=False, max_length=40)
    nothing_to_report = forms.BooleanField(
        label=_("We handled no substance of the survey's scope this year"), required=False
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("pass", pgettext_lazy("review", "Pass")), ("return", _("Return for revision"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ExtensionForm(forms.Form):
    until = forms.DateField(label=_("Extend until"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Reason"), max_length=300)


class ScreeningForm(forms.Form):
    industry_code = forms.CharField(label=_("Industry class (GB/T 4754-2017)"), max_length=4)


class ScreeningLineForm(forms.Form):
    query = forms.CharField(label=_("Substance (name or CAS RN)"), required=False, max_length=300)
    quantity = forms.CharField(label=_("Quantity a year"), required=False, max_length=40)
    unit = forms.CharField(
        label=_("Unit"),
        required=False,
        initial="t",
        max_length=20,
        widget=forms.TextInput(attrs={"list": "units", "size": 5}),
    )


ScreeningFormSet = forms.formset_factory(ScreeningLineForm, extra=5, max_num=100)


class CampaignForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=30)
    year = forms.IntegerField(label=_("Survey year"), min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label=_("Kind"), choices=CampaignKind.choices)
    title_zh = forms.CharField(label=_("Title (Chinese)"), max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    opens = forms.DateField(label=_("Opens"), widget=forms.DateInput(attrs={"type": "date"}))
    deadline = forms.DateField(label=_("Deadline"), widget=forms.DateInput(attrs={"type": "date"}))
    list_codes = forms.CharField(
        label=_("Lists in scope (codes, comma-separated)"), required=False, max_length=500
    )
    group_codes = forms.CharField(
        label=_("Groups in scope (codes, comma-separated)"), required=False, max_length=500
    )
    industry_codes = forms.CharField(
        label=_("Industry classes in scope (four-digit codes, comma-separated)"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    district_codes = forms.CharField(
        label=_("Districts in scope (GB/T 2260 codes; empty: all)"), required=False, max_length=500
    )
    threshold_t = forms.FloatField(label=_("Reporting threshold (t/a)"), min_value=0, initial=1)
    yoy_threshold_percent = forms.IntegerField(
        label=_("Year-on-year change flagged above (%)"), min_value=1, initial=50
    )
    balance_tolerance_percent = forms.IntegerField(
        label=_("Mass-balance tolerance (%)"), min_value=0, initial=5
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


def split_codes(text: str) -> list[str]:
    return [c.strip() for c in text.replace("，", ",").replace("\n", ",").split(",") if c.strip()]
