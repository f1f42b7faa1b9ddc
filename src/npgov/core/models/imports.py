"""A record of every file loaded through the import framework, so none is loaded twice."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportBatch(models.Model):
    """One loaded file: what it was, who loaded it, its content hash and what it created."""

    kind = models.CharField(_("kind"), max_length=50)
    file_name = models.CharField(_("file name"), max_length=300)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    rows = models.PositiveIntegerField(_("rows"))
    created_count = models.PositiveIntegerField(_("records created"))
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("loaded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")
        ordering = ["-loaded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "sha256"],
                name="import_batch_once_per_content",
                violation_error_message=_("This file has already been loaded."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.file_name}"
