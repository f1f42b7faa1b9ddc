"""Import of microplastics counts (one polymer × shape × size class of one sample a row),
for the plan's task 14 pilot. Files are small (hundreds of rows); every row is checked,
and the file is loaded whole or not at all, never twice."""

from __future__ import annotations

from django.db import transaction

from npgov.core.imports import Column, ImportRejected, RowError, map_header

from .choices import medium_kind
from .models import ImportFile, MicroplasticObservation, Programme, Sample
from .parsing import cell_date, cell_text

COLUMNS = (
    Column("sample", "样品编号", "Sample code", required=True),
    Column("site", "点位编号", "Site code", required=True),
    Column("sampled_at", "采样时间", "Sampled at", required=True),
    Column("programme", "监测项目", "Programme"),
    Column("matrix", "基质", "Matrix"),
    Column("polymer", "聚合物", "Polymer", required=True),
    Column("shape", "形态", "Shape", required=True),
    Column("size_class", "粒径", "Size class", required=True, aliases=("粒径级",)),
    Column("count", "个数", "Count", required=True, aliases=("计数",)),
    Column("abundance", "丰度", "Abundance", required=True),
    Column("unit", "丰度单位", "Abundance unit", required=True),
)
POLYMERS = {
    "pe": "PE", "聚乙烯": "PE", "pp": "PP", "聚丙烯": "PP", "ps": "PS", "聚苯乙烯": "PS",
    "pet": "PET", "聚对苯二甲酸乙二醇酯": "PET", "pvc": "PVC", "聚氯乙烯": "PVC", "pa": "PA",
    "聚酰胺": "PA", "pu": "PU", "聚氨酯": "PU", "pmma": "PMMA", "聚甲基丙烯酸甲酯": "PMMA",
    "other": "other", "其他": "other",
}  # fmt: skip
SHAPES = {"fibre": "fibre", "fiber": "fibre", "纤维": "fibre", "fragment": "fragment",
          "碎片": "fragment", "film": "film", "薄膜": "film", "pellet": "pellet", "颗粒": "pellet",
          "foam": "foam", "泡沫": "foam"}  # fmt: skip
SIZES = {"<100": "lt_100", "lt_100": "lt_100", "100-500": "100_500", "100_500": "100_500",
         "500-1000": "500_1000", "500_1000": "500_1000", "1000-5000": "1000_5000",
         "1000_5000": "1000_5000", "1-5mm": "1000_5000"}  # fmt: skip
UNITS = {"water": {"items/l": "items/L", "个/l": "items/L"},
         "solid": {"items/kg": "items/kg", "个/kg": "items/kg"}}  # fmt: skip


def is_microplastics(header: list[str]) -> bool:
    names = {"".join(str(h).split()).casefold() for h in header}
    return bool(names & {"聚合物", "polymer", "聚合物/polymer"})


def load(ctx, rows, header: list[str], record_kwargs: dict, sha: str) -> tuple[ImportFile, int]:
    """Check every row, then store the samples and observations; returns the file record and
    the number of observations stored (repeats of stored ones are skipped)."""

    file_name = ctx.file_name
    positions = map_header(header, COLUMNS, file_name)
    headers = {c.key: c.header for c in COLUMNS}
    errors: list[RowError] = []
    parsed = []
    for number, cells in enumerate(rows, start=2):
        if not any(cell_text(c) for c in cells):
            continue
        get = {k: (cells[i] if i < len(cells) else None) for k, i in positions.items()}

        def bad(key, zh, en, number=number, get=get):
            errors.append(
                RowError(file_name, number, headers[key], cell_text(get.get(key)), zh, en)
            )

        site = ctx.sites.get(cell_text(get["site"]))
        if site is None:
            bad("site", "未知的点位编号。", "Unknown site code.")
        try:
            sampled_at = cell_date(get["sampled_at"], ctx.today)
        except (ValueError, OverflowError):
            bad("sampled_at", "日期无法识别或晚于今天。", "Unrecognised or future date.")
            sampled_at = None
        polymer = POLYMERS.get(cell_text(get["polymer"]).casefold())
        shape = SHAPES.get(cell_text(get["shape"]).casefold())
        size = SIZES.get(cell_text(get["size_class"]).casefold().replace(" ", "").replace("μm", ""))
        for key, value in (("polymer", polymer), ("shape", shape), ("size_class", size)):
            if value is None:
                bad(key, "未知的取值。", "Unknown value.")
        try:
            count = ctx.amount(get["count"])
            abundance = ctx.amount(get["abundance"])
        except Exception:  # noqa: BLE001 - AmountError, reported as below
            bad("count", "个数和丰度须为数值。", "Count and abundance must be numbers.")
            count = abundance = None
        if count is not None and (count < 0 or count != int(count)):
            bad("count", "个数须为非负整数。", "The count must be a whole number, not negative.")
        unit = None
        if site is not None:
            unit = UNITS[medium_kind(site.medium)].get(cell_text(get["unit"]).casefold())
            if unit is None:
                bad("unit", "丰度单位与介质不符（水体 items/L，土壤 items/kg）。",
                    "The abundance unit does not fit the medium (items/L, items/kg).")  # fmt: skip
        programme = cell_text(get.get("programme"))
        if programme and programme not in ctx.programmes:
            bad("programme", "未知的监测项目。", "Unknown programme.")
        if not errors:
            parsed.append((cell_text(get["sample"]), site, sampled_at,
                           ctx.programmes.get(programme), cell_text(get.get("matrix")), polymer,
                           shape, size, int(count), abundance, unit))  # fmt: skip
        if len(errors) >= 1000:
            break
    if not parsed and not errors:
        errors.append(
            RowError(file_name, 0, "", "", "文件没有数据行。", "The file has no data rows.")
        )
    if errors:
        raise ImportRejected(errors)
    with transaction.atomic():
        record = ImportFile.objects.create(**record_kwargs, sha256=sha, layout="microplastics",
                                           rows=len(parsed))  # fmt: skip
        samples: dict[str, Sample] = {}
        for code, site, sampled_at, programme_id, matrix, *_rest in parsed:
            if code in samples:
                continue
            sample, _created = Sample.objects.get_or_create(
                laboratory=ctx.laboratory, code=code,
                defaults={"site": site, "sampled_at": sampled_at, "medium": site.medium,
                          "programme": Programme.objects.filter(pk=programme_id).first(),
                          "matrix": matrix, "import_file": record},
            )  # fmt: skip
            if sample.site_id != site.pk or sample.sampled_at != sampled_at:
                raise ImportRejected(
                    [RowError(file_name, 0, headers["sample"], code,
                              "该样品编号已登记为其他点位或采样时间。",
                              "This sample code is already recorded for another site or time.")]
                )  # fmt: skip
            samples[code] = sample
        before = MicroplasticObservation.objects.filter(sample__in=samples.values()).count()
        MicroplasticObservation.objects.bulk_create(
            [
                MicroplasticObservation(
                    sample=samples[code], polymer=polymer, shape=shape, size_class=size,
                    count=count, abundance=abundance, abundance_unit=unit, import_file=record,
                )
                for code, _s, _d, _p, _m, polymer, shape, size, count, abundance, unit in parsed
            ],
            ignore_conflicts=True,
        )  # fmt: skip
        created = (
            MicroplasticObservation.objects.filter(sample__in=samples.values()).count() - before
        )
        record.created_count, record.duplicate_count = created, len(parsed) - created
        record.save(update_fields=["created_count", "duplicate_count"])
    return record, created
