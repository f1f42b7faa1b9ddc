"""Synthetic monitoring data for the demo: about 300 sites across the districts and media,
quarterly sampling over four years, results for key controlled pollutants, PFAS,
antibiotics and pesticides with log-normal levels censored at realistic limits, field blanks
and duplicates, and the microplastics pilot in Miyun and Yanqing. Deterministic for a seed;
running it again adds nothing. Every site is marked synthetic."""

from __future__ import annotations

import datetime as dt
import math
import random

from django.db import transaction
from django.utils import timezone

from npgov.chemicals.models import SubstanceIdentifier
from npgov.core.districts import DISTRICT_CENTRES
from npgov.core.models import Organisation, OrganisationKind

from .choices import Medium, QcType, medium_kind
from .counts import counts_rebuild
from .models import MicroplasticObservation, Programme, Result, Sample, Site

#: (CAS, median ng/L in water, median ng/g in solids, LOD water, LOD solid, media kinds)
PANEL = [
    ("1763-23-1", 4.0, 0.8, 0.5, 0.05, "water solid"),  # PFOS
    ("335-67-1", 8.0, 0.6, 0.5, 0.05, "water solid"),  # PFOA
    ("355-46-4", 2.0, 0.2, 0.5, 0.05, "water solid"),  # PFHxS
    ("25154-52-3", 60.0, 25.0, 10.0, 2.0, "water solid"),  # nonylphenol
    ("85721-33-1", 15.0, 3.0, 2.0, 0.5, "water solid"),  # ciprofloxacin
    ("70458-96-7", 12.0, 2.5, 2.0, 0.5, "water solid"),  # norfloxacin
    ("93106-60-6", 6.0, 4.0, 2.0, 0.5, "water solid"),  # enrofloxacin
    ("723-46-6", 20.0, 1.0, 1.0, 0.5, "water solid"),  # sulfamethoxazole
    ("2921-88-2", 3.0, 2.0, 1.0, 0.2, "water solid"),  # chlorpyrifos
    ("58-89-9", 0.8, 0.3, 0.5, 0.1, "water solid"),  # lindane
    ("25637-99-4", 0.2, 1.5, 0.5, 0.1, "solid"),  # HBCDD
    ("85535-84-8", 50.0, 80.0, 50.0, 10.0, "solid"),  # SCCP
]
#: Media of the site network, with how many sites of each and their type.
NETWORK = [
    (Medium.SURFACE_WATER, 70, ["urban", "background", "industrial_park", "diversion_inflow"]),
    (Medium.GROUNDWATER, 40, ["urban", "industrial_park", "farmland"]),
    (Medium.DRINKING_SOURCE, 15, ["drinking_source"]),
    (Medium.WWTP_INFLUENT, 20, ["wwtp"]),
    (Medium.WWTP_EFFLUENT, 20, ["wwtp"]),
    (Medium.RECLAIMED_WATER, 10, ["wwtp"]),
    (Medium.INDUSTRIAL_EFFLUENT, 20, ["near_outlet", "industrial_park"]),
    (Medium.SOIL, 35, ["industrial_park", "urban", "background"]),
    (Medium.FARMLAND_SOIL, 40, ["farmland", "livestock"]),
    (Medium.SEDIMENT, 30, ["urban", "background"]),
]
#: Multiplier of the median concentration by medium.
MEDIUM_FACTOR = {
    Medium.SURFACE_WATER: 1.0, Medium.GROUNDWATER: 0.3, Medium.DRINKING_SOURCE: 0.15,
    Medium.WWTP_INFLUENT: 8.0, Medium.WWTP_EFFLUENT: 2.5, Medium.RECLAIMED_WATER: 2.0,
    Medium.INDUSTRIAL_EFFLUENT: 12.0, Medium.SOIL: 1.0, Medium.FARMLAND_SOIL: 1.5,
    Medium.SEDIMENT: 3.0,
}  # fmt: skip
PREFIX = {
    Medium.SURFACE_WATER: "SW", Medium.GROUNDWATER: "GW", Medium.DRINKING_SOURCE: "DW",
    Medium.WWTP_INFLUENT: "WI", Medium.WWTP_EFFLUENT: "WE", Medium.RECLAIMED_WATER: "RW",
    Medium.INDUSTRIAL_EFFLUENT: "IE", Medium.SOIL: "SO", Medium.FARMLAND_SOIL: "FS",
    Medium.SEDIMENT: "SD",
}  # fmt: skip
BASINS = ["永定河", "潮白河", "北运河", "大清河", "蓟运河", "温榆河", "清河", "凉水河"]
METHODS = {"water": "HJ 1333-2023", "solid": "SOP-NP-SOLID-01"}
POLYMER_SHARES = [("PE", 0.4), ("PP", 0.25), ("PET", 0.12), ("PS", 0.08), ("PVC", 0.05),
                  ("PA", 0.05), ("other", 0.05)]  # fmt: skip
SHAPE_SHARES = [("film", 0.45), ("fragment", 0.3), ("fibre", 0.2), ("pellet", 0.05)]


def _sites(rng: random.Random) -> list[Site]:
    from django.utils import translation

    districts = list(Organisation.objects.filter(kind=OrganisationKind.DISTRICT).order_by("code"))
    sites = []
    for medium, count, types in NETWORK:
        prefix = PREFIX[medium]
        for i in range(1, count + 1):
            district = districts[(i * 7 + len(prefix)) % len(districts)]
            lon0, lat0 = DISTRICT_CENTRES[district.code]
            with translation.override("zh-hans"):
                label = str(Medium(medium).label)
            number = district.code[-2:] if district.code[-2:].isdigit() else "JK"
            sites.append(
                Site(
                    code=f"{prefix}-{number}-{i:03d}",
                    name_zh=f"{district.name_zh}{label}点位{i}（示例）",
                    medium=medium,
                    site_type=rng.choice(types),
                    district=district,
                    basin=rng.choice(BASINS) if medium_kind(medium) == "water" else "",
                    longitude=round(lon0 + rng.gauss(0, 0.05), 6),
                    latitude=round(lat0 + rng.gauss(0, 0.04), 6),
                    is_synthetic=True,
                )
            )
    Site.objects.bulk_create(sites)
    return list(Site.objects.filter(is_synthetic=True).select_related("district"))


@transaction.atomic
def monitoring_generate(*, rng: random.Random, today: dt.date) -> int:
    """Sites, programmes, samples and results; returns the number of results (idempotent)."""
    if Site.objects.filter(is_synthetic=True).exists():
        return 0
    labs = list(Organisation.objects.filter(kind=OrganisationKind.LABORATORY).order_by("code"))
    cas = dict(
        SubstanceIdentifier.objects.filter(kind="cas").values_list("normalized", "substance_id")
    )
    panel = [row for row in PANEL if row[0] in cas]
    if not labs or not panel:
        return 0
    sites = _sites(rng)
    routine = Programme.objects.create(
        code="bj-routine-np", name_zh="北京市新污染物常规监测（示例）", kind="routine",
        plan_task="3", first_year=today.year - 4, last_year=today.year - 1,
        description="按季度在地表水、地下水、饮用水水源、污水处理厂、土壤和沉积物点位开展的新污染物监测（示例数据）。",
    )  # fmt: skip
    routine.sites.set(sites)
    park = Programme.objects.create(
        code="pilot-industrial-parks", name_zh="典型工业园区新污染物试点监测（示例）",
        kind="industrial_park", plan_task="3", first_year=today.year - 2, last_year=today.year - 1,
    )  # fmt: skip
    park.sites.set([s for s in sites if s.site_type in ("industrial_park", "near_outlet")])
    site_level = {s.pk: math.exp(rng.gauss(0, 0.9)) for s in sites}
    samples, results = [], []
    tz = timezone.get_current_timezone()
    years = range(today.year - 4, today.year)
    for site in sites:
        kind = medium_kind(site.medium)
        lab = labs[site.pk % len(labs)]
        for year in years:
            for quarter in range(4):
                day = dt.date(year, 3 * quarter + 2, 10 + site.pk % 15)
                for qc in _qc_types(rng):
                    suffix = {"regular": "", "field_blank": "-FB", "duplicate": "-D"}[qc]
                    code = f"{site.code}-{year}Q{quarter + 1}{suffix}"
                    samples.append(
                        Sample(
                            code=code, laboratory=lab, site=site, programme=routine,
                            medium=site.medium,
                            sampled_at=dt.datetime.combine(day, dt.time(10), tz),
                            basis="dry" if kind == "solid" else "",
                            fraction="total" if kind == "water" else "",
                            qc_type=qc, batch=f"{lab.code}-{year}Q{quarter + 1}",
                            duplicate_of=(
                                f"{site.code}-{year}Q{quarter + 1}" if qc == "duplicate" else ""
                            ),
                        )
                    )  # fmt: skip
    Sample.objects.bulk_create(samples, batch_size=2000)
    samples = Sample.objects.filter(site__is_synthetic=True).select_related("site")
    trend = {s.pk: rng.choice([-0.15, 0.0, 0.0, 0.1]) for s in sites}
    for sample in samples.iterator(chunk_size=2000):
        site, kind = sample.site, medium_kind(sample.medium)
        year_index = sample.sampled_at.year - years.start
        for number, (cas_rn, water, solid, lod_w, lod_s, kinds) in enumerate(panel):
            if kind not in kinds.split():
                continue
            lod = lod_w if kind == "water" else lod_s
            if sample.qc_type == QcType.FIELD_BLANK:
                value = lod * 0.3 * math.exp(rng.gauss(0, 0.5)) if rng.random() < 0.9 else lod * 4
            else:
                median = (water if kind == "water" else solid) * MEDIUM_FACTOR[sample.medium]
                level = median * site_level[site.pk] * math.exp(trend[site.pk] * year_index)
                value = level * math.exp(rng.gauss(0, 0.8))
            detected = value >= lod
            recovery = round(rng.gauss(95, 12), 1)
            results.append(
                Result(
                    sample=sample, substance_id=cas[cas_rn], site=site, medium=sample.medium,
                    sampled_on=sample.sampled_at.date(), qc_type=sample.qc_type,
                    detection="detected" if detected else "lt_lod",
                    value=round(value, 4) if detected else None, lod=lod, loq=lod * 3,
                    unit_given="ng/L" if kind == "water" else "ng/g", method=METHODS[kind],
                    laboratory_id=sample.laboratory_id,
                    recovery_percent=recovery,
                    qa_flags="" if 60 <= recovery <= 130 else "recovery",
                    review="accepted" if number % 7 else "pending",
                )
            )  # fmt: skip
        if len(results) >= 20_000:
            Result.objects.bulk_create(results)
            results = []
    Result.objects.bulk_create(results)
    counts_rebuild()
    _microplastics(rng, today)
    return Result.objects.filter(site__is_synthetic=True).count()


def _qc_types(rng: random.Random) -> list[str]:
    kinds = [QcType.REGULAR]
    if rng.random() < 0.05:
        kinds.append(QcType.FIELD_BLANK)
    if rng.random() < 0.05:
        kinds.append(QcType.DUPLICATE)
    return kinds


def _microplastics(rng: random.Random, today: dt.date) -> None:
    """The plan's task 14 pilot: farmland soil and water in Miyun and Yanqing."""

    programme = Programme.objects.create(
        code="pilot-microplastics-miyun-yanqing",
        name_zh="密云、延庆农田和水体微塑料试点监测（示例）",
        kind="microplastics", plan_task="14", first_year=today.year - 2, last_year=today.year - 1,
        description="在密云区和延庆区选取农田土壤和地表水点位，开展微塑料丰度、聚合物类型和形态监测（示例数据）。",
    )  # fmt: skip
    lab = Organisation.objects.filter(kind=OrganisationKind.LABORATORY).order_by("code").first()
    tz = timezone.get_current_timezone()
    observations = []
    for code in ("110118", "110119"):
        district = Organisation.objects.get(code=code)
        lon0, lat0 = DISTRICT_CENTRES[code]
        for i, medium in enumerate([Medium.FARMLAND_SOIL] * 6 + [Medium.SURFACE_WATER] * 4, 1):
            site = Site.objects.create(
                code=f"MP-{code[-2:]}-{i:02d}", name_zh=f"{district.name_zh}微塑料点位{i}（示例）",
                medium=medium,
                site_type="farmland" if medium == Medium.FARMLAND_SOIL else "background",
                district=district, longitude=round(lon0 + rng.gauss(0, 0.06), 6),
                latitude=round(lat0 + rng.gauss(0, 0.05), 6), is_synthetic=True,
            )  # fmt: skip
            programme.sites.add(site)
            soil = medium == Medium.FARMLAND_SOIL
            for year in (today.year - 2, today.year - 1):
                for month in (4, 10):
                    sample = Sample.objects.create(
                        code=f"{site.code}-{year}-{month:02d}", laboratory=lab, site=site,
                        programme=programme, medium=medium, matrix="耕层土壤" if soil else "表层水",
                        sampled_at=dt.datetime(year, month, 12, 10, tzinfo=tz),
                        basis="dry" if soil else "", depth_m=0.2 if soil else 0.5,
                    )  # fmt: skip
                    volume = 1.0 if soil else 50.0  # kg of dry soil or L of water examined
                    for polymer, share in POLYMER_SHARES:
                        for shape, part in SHAPE_SHARES:
                            mean = (900 if soil else 3) * volume * share * part / 3
                            count = max(0, int(rng.gauss(mean, math.sqrt(mean) + 0.5)))
                            if count == 0:
                                continue
                            size = rng.choice(["lt_100", "100_500", "500_1000", "1000_5000"])
                            observations.append(
                                MicroplasticObservation(
                                    sample=sample, polymer=polymer, shape=shape, size_class=size,
                                    count=count, abundance=round(count / volume, 2),
                                    abundance_unit="items/kg" if soil else "items/L",
                                )
                            )  # fmt: skip
    MicroplasticObservation.objects.bulk_create(observations, ignore_conflicts=True)
