"""Reading the project's versioned reference data (``npgov/reference/``)."""

import csv
from pathlib import Path

import yaml

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "reference"


def read_csv(name: str) -> list[dict[str, str]]:
    with (REFERENCE_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


#: libyaml's loader when PyYAML was built with it (about ten times faster), else pure Python.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(name: str) -> dict:
    with (REFERENCE_DIR / name).open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_LOADER)  # noqa: S506 - a safe loader


def division_register() -> dict[str, str]:
    """GB/T 2260 codes known to the platform mapped to their Chinese names."""
    return {
        row["code"]: row["name_zh"]
        for row in read_csv("divisions.csv")
        if row["is_gbt2260"] == "true"
    }
