"""Demo data of the risk app: synthetic ecotoxicity and sorption records for the monitoring
demo's panel (so that freshwater PNECs, SSD-based ones for two substances, and sediment and
soil PNECs can be derived) and two demo screening runs, the first on the antibiotics and
pesticides of agriculture and livestock that task 4 names first."""

from __future__ import annotations

import random

from django.db import transaction

from npgov.chemicals.models import PropertyRecord, SubstanceIdentifier
from npgov.core.models import User

from .models import ScreeningRun
from .services import SCREENED_MEDIA, run_execute

SOURCE = "示例数据（合成，非真实试验）/ synthetic demo record, not a real study"
#: CAS → (lowest chronic NOEC in mg/L or None, lowest acute EC50 in mg/L, predicted?)
#: Orders of magnitude only, chosen so that the demo shows substances to act on (category 1),
#: a provisional PNEC (3) and substances below their PNEC everywhere (6).
ECOTOX = {
    "1763-23-1": (2e-6, 5e-3, False),  # PFOS: PNEC 0.2 ng/L, exceeded widely
    "335-67-1": (1.0, 10.0, False),  # PFOA: low aquatic toxicity, PNEC 0.1 mg/L → category 6
    "355-46-4": (None, 5e-2, True),  # PFHxS: predicted acute data only → provisional
    "25154-52-3": (3.3e-3, 2e-2, False),  # nonylphenol
    "85721-33-1": (5e-5, 5e-3, False),  # ciprofloxacin (cyanobacteria are sensitive)
    "70458-96-7": (None, 1e-2, False),  # norfloxacin: acute only, AF 1000
    "93106-60-6": (5e-4, 5e-2, False),  # enrofloxacin
    "723-46-6": (5.9e-3, 2.6e-2, False),  # sulfamethoxazole
    "2921-88-2": (1e-5, 1e-4, False),  # chlorpyrifos
    "58-89-9": (2.9e-3, 2e-2, False),  # lindane
}
TAXA = (("algae", "Raphidocelis subcapitata"), ("invertebrates", "Daphnia magna"),
        ("fish", "Danio rerio"))  # fmt: skip
#: More species with chronic data for the substances whose demo PNEC comes from an SSD
#: (R.10 asks for at least ten species): (group, species, factor × the lowest NOEC).
SSD_SPECIES = (
    ("algae", "Chlorella vulgaris", 2.5), ("plants", "Lemna minor", 4.0),
    ("invertebrates", "Ceriodaphnia dubia", 1.6), ("invertebrates", "Chironomus riparius", 7.0),
    ("invertebrates", "Hyalella azteca", 12.0), ("fish", "Oryzias latipes", 3.0),
    ("fish", "Pimephales promelas", 5.5), ("fish", "Oncorhynchus mykiss", 9.0),
    ("amphibians", "Xenopus laevis", 20.0),
)  # fmt: skip
SSD_SUBSTANCES = ("1763-23-1", "723-46-6")  # PFOS, sulfamethoxazole
#: CAS → log Koc (L/kg), orders of magnitude only, for sediment and soil PNECs by EqP.
LOG_KOC = {
    "1763-23-1": 2.6, "335-67-1": 2.1, "355-46-4": 2.3, "25154-52-3": 4.7, "85721-33-1": 4.8,
    "70458-96-7": 4.5, "93106-60-6": 4.9, "723-46-6": 2.0, "2921-88-2": 3.9, "58-89-9": 3.0,
}  # fmt: skip
RUNS = [
    ("农业和养殖业相关抗生素与农药筛查（示例）",
     ["85721-33-1", "70458-96-7", "93106-60-6", "723-46-6", "2921-88-2", "58-89-9"]),
    ("全氟化合物与壬基酚筛查（示例）", ["1763-23-1", "335-67-1", "355-46-4", "25154-52-3"]),
]  # fmt: skip


def risk_generate(*, rng: random.Random) -> int:
    """Create the ecotoxicity records and run the demo screenings (idempotent)."""
    if ScreeningRun.objects.filter(title=RUNS[0][0]).exists():
        return ScreeningRun.objects.count()
    by_cas = {
        i.normalized: i.substance
        for i in SubstanceIdentifier.objects.filter(
            kind="cas", normalized__in=list(ECOTOX)
        ).select_related("substance")
    }
    with transaction.atomic():
        for cas, (noec, ec50, predicted) in ECOTOX.items():
            substance = by_cas.get(cas)
            if substance is None:
                continue
            origin = "predicted" if predicted else "experimental"
            for group, species in TAXA:
                spread = rng.uniform(1.0, 8.0)
                for kind, endpoint, value in (("acute_toxicity", "EC50", ec50),
                                              ("chronic_toxicity", "NOEC", noec)):  # fmt: skip
                    if value is None:
                        continue
                    value = value * (1 if group == "invertebrates" else spread)
                    _record(substance, kind, value, "mg/L", endpoint=endpoint, species=species,
                            taxonomic_group=group, origin=origin)  # fmt: skip
            if cas in SSD_SUBSTANCES:
                for group, species, factor in SSD_SPECIES:
                    _record(substance, "chronic_toxicity", noec * factor, "mg/L", endpoint="NOEC",
                            species=species, taxonomic_group=group, origin=origin)  # fmt: skip
            _record(substance, "log_koc", LOG_KOC[cas], "", medium="")
    analyst = User.objects.filter(username="analyst").first()
    expert = User.objects.filter(username="expert").first()
    if analyst and expert:
        _assessments(analyst, expert, by_cas)
    for title, cas_list in RUNS:
        run = ScreeningRun.objects.create(
            title=title, created_by=analyst, media=sorted(SCREENED_MEDIA)
        )
        run.substances.set([by_cas[c] for c in cas_list if c in by_cas])
        run_execute(run)
    return ScreeningRun.objects.count()


def _record(substance, kind, value, unit, **extra) -> None:
    value = round(value, 9)
    PropertyRecord.objects.get_or_create(
        substance=substance, kind=kind, qualifier="=", value=value, unit=unit,
        endpoint=extra.pop("endpoint", ""), species=extra.pop("species", ""),
        duration_hours=None, source=SOURCE,
        defaults={"value_canonical": value, "unit_canonical": unit, "medium": "freshwater",
                  "reliability": "K2", "origin": extra.pop("origin", "experimental"), **extra},
    )  # fmt: skip


def _assessments(analyst, expert, by_cas) -> None:
    """PFOS approved by the expert committee; ciprofloxacin waiting for its review."""
    from .assessments import assessment_create, assessment_review, assessment_submit

    pfos = assessment_create(
        actor=analyst, substance=by_cas["1763-23-1"],
        summary="示例：由三个营养级的慢性数据推导 PNEC，多区风险商大于 1。",
    )  # fmt: skip
    assessment_submit(actor=analyst, assessment=pfos)
    assessment_review(actor=expert, assessment=pfos, decision="approve",
                      text="示例：数据可靠性与评估因子选择合理，同意。")  # fmt: skip
    cipro = assessment_create(actor=analyst, substance=by_cas["85721-33-1"],
                              summary="示例：抗生素，待专家审核。")  # fmt: skip
    assessment_submit(actor=analyst, assessment=cipro)
