"""Normalisation of identifiers for storage and lookup (pure helpers of this app)."""

import re
import unicodedata

from npgov.science.identifiers import cas_check

PLATFORM_ID = re.compile(r"^NPS-\d{6}$", re.IGNORECASE)
INCHIKEY = re.compile(r"^[A-Z]{14}-[A-Z]{10}-[A-Z]$")


def normalise_text(value: str) -> str:
    """Name or synonym as compared: NFKC, case-folded, inner whitespace collapsed."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", value)).strip().casefold()


def normalise_cas(value: str) -> str | None:
    """The canonical CAS RN, or ``None`` when the value is not a valid CAS RN."""
    result = cas_check(value)
    return result.normalized if result.valid else None


def platform_id(number: int) -> str:
    return f"NPS-{number:06d}"
