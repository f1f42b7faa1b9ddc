"""The page behind every import: upload, the refused file's rows, the xlsx error report and
the template, for any importer built on :mod:`npgov.core.imports`."""

from collections.abc import Callable

from django import forms
from django.http import Http404, HttpResponse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from npgov.core.imports import ImportRejected, RowError, error_report_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportForm(forms.Form):
    file = forms.FileField(label=_("File (CSV or xlsx, UTF-8 or GB18030)"))

    MAX_BYTES = 20 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than {mb} MB.").format(mb=self.MAX_BYTES // (1024 * 1024))
            )
        return upload


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class ImportView(TemplateView):
    """Configure ``importers`` as ``{kind: (run, template)}``; ``default_kind`` is used when
    the URL names none. Put the policy mixin first in the subclass."""

    importers: dict[str, tuple[Callable, Callable[[], bytes]]] = {}
    default_kind: str = ""
    session_key: str = "import_errors"

    def _importer(self, kind: str):
        if kind not in self.importers:
            raise Http404(kind)
        return self.importers[kind]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["kind"] = self.kwargs.get("kind", self.default_kind)
        ctx["kinds"] = list(self.importers)
        ctx.setdefault("form", ImportForm())
        return ctx

    def get(self, request, kind=None):
        kind = kind or self.default_kind
        _run, template = self._importer(kind)
        download = request.GET.get("download")
        if download == "template":
            return xlsx_response(template(), f"npgov-{kind}-template.xlsx")
        if download == "report":
            errors = [RowError(**e) for e in request.session.get(self.session_key, [])]
            return xlsx_response(error_report_xlsx(errors), "npgov-import-errors.xlsx")
        return self.render_to_response(self.get_context_data())

    def post(self, request, kind=None):
        run, _template = self._importer(kind or self.default_kind)
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        upload = form.cleaned_data["file"]
        try:
            result = run(actor=request.user, file_name=upload.name, content=upload.read())
        except ImportRejected as rejected:
            request.session[self.session_key] = [e.as_dict() for e in rejected.errors]
            return self.render_to_response(
                self.get_context_data(errors=rejected.errors), status=400
            )
        return self.render_to_response(self.get_context_data(result=result))
