"""Freshwater PNECs of substances from the ecotoxicity records of the knowledge base, by the
ECHA R.10 assessment factors of :func:`npgov.science.pnec.derive_aquatic`."""

from __future__ import annotations

from collections import defaultdict

from npgov.chemicals.choices import PropertyKind
from npgov.chemicals.models import PropertyRecord
from npgov.science import pnec as pnec_science

#: Knowledge-base taxonomic groups as R.10 counts them (others are not used for a PNEC).
TAXA = {"algae": "algae", "plants": "aquatic_plant", "invertebrates": "invertebrate",
        "fish": "fish", "amphibians": "amphibian"}  # fmt: skip
RELIABILITY = {"K1": 1, "R1": 1, "K2": 2, "R2": 2, "K3": 3, "R3": 3, "K4": 4, "R4": 4}


def _record(row: PropertyRecord) -> dict | None:
    taxon = TAXA.get(row.taxonomic_group)
    if taxon is None or row.medium not in ("", "freshwater") or row.qualifier in ("<", "<="):
        return None
    return {
        "species": row.species or row.get_taxonomic_group_display(),
        "taxon_group": taxon,
        "duration": "acute" if row.kind == PropertyKind.ACUTE else "chronic",
        "endpoint": row.endpoint or ("EC50" if row.kind == PropertyKind.ACUTE else "NOEC"),
        "value": row.value_canonical,
        "unit": "mg/L",
        "qualifier": row.qualifier if row.qualifier in (">", ">=") else "=",
        "source_type": row.origin,
        "reliability": RELIABILITY.get(row.reliability, 4),
        "reference": row.source[:200],
        "record_id": row.pk,
    }


def freshwater_pnecs(substance_ids) -> dict[int, pnec_science.PnecResult | str]:
    """For each substance with ecotoxicity records: the derivation (a result without a value
    says why no PNEC can be derived), or the reason a record cannot be used."""
    rows = PropertyRecord.objects.filter(
        substance_id__in=substance_ids, kind__in=[PropertyKind.ACUTE, PropertyKind.CHRONIC]
    ).order_by("substance_id", "pk")
    records: dict[int, list[dict]] = defaultdict(list)
    for row in rows:
        record = _record(row)
        if record is not None:
            records[row.substance_id].append(record)
    out = {}
    for substance_id, found in records.items():
        try:
            out[substance_id] = pnec_science.derive_aquatic(found, compartment="freshwater")
        except ValueError as exc:  # a record the knowledge base took but R.10 cannot use
            out[substance_id] = str(exc)
    return out
