"""Forms of the plan app."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .choices import ProgressStatus
from .models import ReportingPeriod


class ProgressReportForm(forms.Form):
    status = forms.ChoiceField(label=_("Progress status"), choices=ProgressStatus.choices)
    percent = forms.IntegerField(label=_("Completion (%)"), min_value=0, max_value=100)
    narrative = forms.CharField(
        label=_("Narrative"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=10000,
    )
    links = forms.CharField(
        label=_("Links to platform records"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "label | /plan/tasks/2/"}),
        help_text=_("One per line: a label, a vertical bar, and a path of this platform."),
    )

    def clean_links(self) -> list[tuple[str, str]]:
        result = []
        for number, line in enumerate(self.cleaned_data["links"].splitlines(), start=1):
            if not line.strip():
                continue
            label, sep, path = line.rpartition("|")
            if not sep:
                label, path = "", line
            if not path.strip().startswith("/"):
                raise ValidationError(
                    _("Line {n}: “{line}” has no platform path.").format(n=number, line=line)
                )
            result.append((label.strip(), path.strip()))
        return result


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept")), ("return", _("Return for revision"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )
    publish = forms.BooleanField(label=_("Publish on the public portal"), required=False)


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("Evidence file"))


class ExportForm(forms.Form):
    period = forms.ModelChoiceField(label=_("Period"), queryset=ReportingPeriod.objects.all())
    format = forms.ChoiceField(
        label=_("Format"), choices=[("xlsx", "Excel (xlsx)"), ("docx", "Word (docx)")]
    )
