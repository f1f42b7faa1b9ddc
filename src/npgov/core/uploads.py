"""Checks of uploaded evidence files: size, accepted types, and content that matches the
extension (a renamed executable is refused)."""

import hashlib
import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

#: Evidence types: extension -> (content type, check of the first bytes / structure).
EVIDENCE_TYPES = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_MAGIC = {
    ".pdf": (b"%PDF-",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
}
_OOXML_PART = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml"}


def evidence_check(upload: UploadedFile) -> tuple[str, str, int]:
    """Check an uploaded file's size and type; returns ``(extension, content type, size)``."""
    name = upload.name or ""
    ext = PurePath(name).suffix.lower()
    if upload.size > settings.MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file “{name}” is {size:.1f} MB; the limit is {limit:.0f} MB.").format(
                name=name, size=upload.size / 1048576, limit=settings.MAX_UPLOAD_BYTES / 1048576
            ),
            code="too_large",
        )
    if ext not in EVIDENCE_TYPES:
        raise ValidationError(
            _("The file “{name}” is not an accepted type (PDF, PNG, JPEG, DOCX, XLSX).").format(
                name=name
            ),
            code="file_type",
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    ok = any(head.startswith(magic) for magic in _MAGIC[ext])
    if ok and ext in _OOXML_PART:
        try:
            with zipfile.ZipFile(upload) as archive:
                ok = _OOXML_PART[ext] in archive.namelist()
        except zipfile.BadZipFile:
            ok = False
        upload.seek(0)
    if not ok:
        raise ValidationError(
            _("The content of “{name}” does not match its {ext} extension.").format(
                name=name, ext=ext
            ),
            code="file_content",
        )
    return ext, EVIDENCE_TYPES[ext], upload.size


def sha256_of(upload: UploadedFile) -> str:
    """The SHA-256 of an uploaded file, read in chunks."""
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    return digest.hexdigest()


def save_with_file(instance, upload: UploadedFile, name: str, field: str = "file") -> None:
    """Store ``upload`` in the instance's file field, then the row; the stored file is removed
    again if the row cannot be saved, so no orphan is left behind."""
    stored_file = getattr(instance, field)
    upload.seek(0)
    stored_file.save(name, upload, save=False)
    stored = stored_file.name
    try:
        instance.save()
    except Exception:
        stored_file.storage.delete(stored)
        raise
