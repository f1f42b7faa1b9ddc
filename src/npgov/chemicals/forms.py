"""Forms of the chemicals app."""

import csv
import datetime as dt
import io

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import Activity, SubstanceKind


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name, synonym, CAS RN, InChIKey, SMILES or platform ID"),
        required=False,
        max_length=500,
    )
    smarts = forms.CharField(label=_("Substructure (SMARTS)"), required=False, max_length=500)


class ResolveForm(forms.Form):
    identifiers = forms.CharField(
        label=_("Identifiers, one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=200_000,
    )
    file = forms.FileField(
        label=_("or a text or CSV file (UTF-8 or GB18030), first column"), required=False
    )

    MAX_LINES = 5000

    def clean(self):
        data = super().clean()
        lines = [line for line in (data.get("identifiers") or "").splitlines() if line.strip()]
        upload = data.get("file")
        if upload:
            raw = upload.read(5 * 1024 * 1024 + 1)
            if len(raw) > 5 * 1024 * 1024:
                raise forms.ValidationError(_("The file is larger than 5 MB."))
            for encoding in ("utf-8-sig", "gb18030"):
                try:
                    text = raw.decode(encoding)
                    break
                except UnicodeDecodeError:
                    continue
            else:
                raise forms.ValidationError(
                    _("The file “{name}” is neither UTF-8 nor GB18030 text.").format(
                        name=upload.name
                    )
                )
            lines += [
                row[0].strip() for row in csv.reader(io.StringIO(text)) if row and row[0].strip()
            ]
        if not lines:
            raise forms.ValidationError(_("Give at least one identifier."))
        if len(lines) > self.MAX_LINES:
            raise forms.ValidationError(
                _("At most {n} identifiers at a time.").format(n=self.MAX_LINES)
            )
        data["lines"] = lines
        return data


class RuleCheckForm(forms.Form):
    substance = forms.CharField(
        label=_("Substance (name, CAS RN, SMILES or platform ID)"), max_length=500
    )
    activity = forms.ChoiceField(label=_("Activity"), choices=Activity.choices)
    use = forms.CharField(
        label=_("Use (code or the list's wording)"), required=False, max_length=300
    )
    product = forms.CharField(label=_("Product category"), required=False, max_length=100)
    date = forms.DateField(label=_("Date"), initial=dt.date.today)


class SubstanceForm(forms.Form):
    """A steward's entry of one substance; the service checks identity and conflicts."""

    name_zh = forms.CharField(label=_("Name (Chinese)"), max_length=300)
    name_en = forms.CharField(label=_("Name (English)"), max_length=400, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=SubstanceKind.choices)
    cas = forms.CharField(label=_("CAS RNs (separated by ;)"), required=False, max_length=500)
    synonyms = forms.CharField(
        label=_("Synonyms and abbreviations (separated by ;)"), required=False, max_length=2000
    )
    smiles = forms.CharField(
        label="SMILES", required=False, max_length=5000, widget=forms.TextInput(attrs={"size": 80})
    )
    stereo_unspecified = forms.BooleanField(
        label=_("Stereochemistry not represented"), required=False
    )
    description = forms.CharField(
        label=_("Description or composition"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )
    source = forms.CharField(label=_("Source"), max_length=200)

    @staticmethod
    def split(value: str) -> list[str]:
        return [part.strip() for part in value.replace("；", ";").split(";") if part.strip()]
