"""Forms of the enterprise registry."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import Datum, EnterpriseSize, OperatingStatus


class EnterpriseForm(forms.Form):
    name_zh = forms.CharField(label=_("Enterprise name"), max_length=200)
    legal_representative = forms.CharField(
        label=_("Legal representative"), max_length=100, required=False
    )
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    longitude = forms.FloatField(label=_("Longitude"), required=False)
    latitude = forms.FloatField(label=_("Latitude"), required=False)
    datum = forms.ChoiceField(label=_("Datum of the coordinates"), choices=Datum.choices)
    industrial_park = forms.CharField(label=_("Industrial park"), max_length=200, required=False)
    industry_code = forms.CharField(
        label=_("Industry code (GB/T 4754-2017)"), max_length=4, required=False
    )
    size = forms.ChoiceField(
        label=_("Size"), choices=[("", "—"), *EnterpriseSize.choices], required=False
    )
    operating_status = forms.ChoiceField(
        label=_("Operating status"), choices=OperatingStatus.choices
    )
