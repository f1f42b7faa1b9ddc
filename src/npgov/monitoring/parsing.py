"""Checking the rows of a results file: the parsers of single cells (dates, amounts, censored
values, the sample columns) and :func:`check`, which applies them to a batch of rows as a
Polars frame — each distinct cell value is parsed once, plain decimal numbers are read by
Polars itself, and the rest of the row logic (units, negatives, plausibility, QA flags) runs
column-wise. Every problem becomes a :class:`RowError` naming the row, the column and the
value."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

import polars as pl
from django.conf import settings
from django.utils import timezone

from npgov.chemicals.identity import normalise_cas
from npgov.chemicals.selectors import resolve
from npgov.core.imports import RowError
from npgov.core.models import Organisation
from npgov.science.units import AmountError, UnitError, concentration_factor, parse_amount

from .choices import PLAUSIBILITY_CEILING, Basis, Detection, Fraction, QcType, medium_kind
from .models import Site

ND_WORDS = {"nd", "n.d.", "n.d", "未检出", "<lod", "<dl", "bdl"}
NA_WORDS = {"na", "n.a.", "未分析", "未测", "-", "—", "/"}
LESS_THAN = re.compile(r"^\s*[<＜]\s*(.+)$")
QC_ALIASES = {
    "regular": QcType.REGULAR, "样品": QcType.REGULAR, "": QcType.REGULAR,
    "field_blank": QcType.FIELD_BLANK, "全程序空白": QcType.FIELD_BLANK,
    "现场空白": QcType.FIELD_BLANK, "trip_blank": QcType.TRIP_BLANK,
    "运输空白": QcType.TRIP_BLANK, "duplicate": QcType.DUPLICATE, "平行样": QcType.DUPLICATE,
    "现场平行": QcType.DUPLICATE,
}  # fmt: skip
BASIS_ALIASES = {
    "": Basis.NA,
    "wet": Basis.WET,
    "湿重": Basis.WET,
    "dry": Basis.DRY,
    "干重": Basis.DRY,
}
FRACTION_ALIASES = {
    "": Fraction.NA, "dissolved": Fraction.DISSOLVED, "溶解态": Fraction.DISSOLVED,
    "total": Fraction.TOTAL, "总量": Fraction.TOTAL,
}  # fmt: skip


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str) and value.isascii():
        return value.strip()
    return unicodedata.normalize("NFKC", str(value)).strip()


def cell_date(value, today: dt.date) -> dt.datetime:
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime.combine(value, dt.time(0))
    else:
        text = cell_text(value).replace("/", "-").replace(".", "-")
        try:
            moment = dt.datetime.fromisoformat(text)
        except ValueError:
            for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
                try:
                    moment = dt.datetime.strptime(text, fmt)
                    break
                except ValueError:
                    continue
            else:
                raise ValueError("date") from None
    if moment.date() > today:
        raise OverflowError("future")
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


MISSING = object()
#: Parsed sample columns are remembered for this many distinct samples at a time.
SAMPLE_CACHE = 20_000
SAMPLE_KEYS = (
    "sample", "site", "sampled_at", "qc_type", "duplicate_of", "batch", "programme", "matrix",
    "depth", "basis", "fraction", "method",
)  # fmt: skip


@dataclass
class Context:
    """Lookups shared by every row of one file (small: sites, programmes, substances, and the
    parsed forms of repeated cells)."""

    user: object
    laboratory: Organisation
    file_name: str
    today: dt.date
    sites: dict[str, Site]
    programmes: dict[str, int]
    substances: dict[tuple[str, str], object] = field(default_factory=dict)
    samples: dict[tuple, object] = field(default_factory=dict)
    amounts: dict[object, object] = field(default_factory=dict)
    cas_valid: dict[str, bool] = field(default_factory=dict)

    def substance(self, name: str, cas: str):
        key = (name.casefold(), cas)
        if key not in self.substances:
            found = None
            if cas:
                normal = normalise_cas(cas)
                result = resolve(user=self.user, query=normal or cas)
                found = result.substances[0] if result.status == "matched" else None
            if found is None and name:
                result = resolve(user=self.user, query=name)
                found = result.substances[0] if result.status == "matched" else None
            self.substances[key] = found
        return self.substances[key]

    def amount(self, raw) -> float:
        """``parse_amount`` remembered per cell value (limits and units repeat a lot)."""
        hit = self.amounts.get(raw, MISSING)
        if hit is MISSING:
            try:
                hit = parse_amount(raw if isinstance(raw, int | float) else cell_text(raw))
            except AmountError as exc:
                hit = exc
            if len(self.amounts) < 100_000:
                self.amounts[raw] = hit
        if isinstance(hit, AmountError):
            raise hit
        return hit


def _value(ctx, raw, lod, loq) -> tuple[str, float | None, float | None, float | None]:
    """(detection, value, lod, loq) from a cell: a number, ND/未检出, <x, or NA."""
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return Detection.DETECTED, ctx.amount(raw), lod, loq
    text = cell_text(raw)
    folded = text.casefold().replace(" ", "")
    if folded in NA_WORDS:
        return Detection.NOT_ANALYSED, None, lod, loq
    if folded in ND_WORDS:
        if lod is None and loq is None:
            raise AmountError(
                text, "未检出须给出检出限。", "A non-detect needs its detection limit (LOD)."
            )
        return (Detection.BELOW_LOD if lod is not None else Detection.BELOW_LOQ), None, lod, loq
    if folded == "<loq":
        if loq is None:
            raise AmountError(text, "“<LOQ”须给出定量限。", "“<LOQ” needs the LOQ.")
        return Detection.BELOW_LOQ, None, lod, loq
    match = LESS_THAN.match(text)
    if match:
        limit = parse_amount(match.group(1))
        if loq is not None and abs(limit - loq) <= 1e-12 * max(1, loq):
            return Detection.BELOW_LOQ, None, lod, loq
        return Detection.BELOW_LOD, None, lod if lod is not None else limit, loq
    return Detection.DETECTED, ctx.amount(text), lod, loq


def _sample_part(ctx: Context, cells: dict, report):
    """The sample columns of a row, parsed once per distinct sample: ``(code, site,
    sampled_at, qc, duplicate_of, batch, programme_id, matrix, depth, basis, fraction,
    method)``, or ``None`` after each problem was passed to ``report(key, value, zh, en)``
    (at the sample's first row)."""
    key = tuple(cells.get(k) for k in SAMPLE_KEYS)
    hit = ctx.samples.get(key, MISSING)
    if hit is not MISSING:
        return hit
    found = []

    def bad(*problem):
        found.append(problem)
        report(*problem)

    site_code = cell_text(cells.get("site"))
    site = ctx.sites.get(site_code)
    if site is None:
        bad("site", site_code, "未知的点位编号。", "Unknown site code.")
    sample_code = cell_text(cells.get("sample"))
    if not sample_code:
        bad("sample", "", "缺少样品编号。", "The sample code is missing.")
    sampled_at = None
    when = cells.get("sampled_at")
    try:
        sampled_at = cell_date(when, ctx.today)
    except OverflowError:
        bad("sampled_at", when, "采样时间晚于今天。", "The sampling date is in the future.")
    except ValueError:
        bad("sampled_at", when, "无法识别的日期（应为 2025-05-03）。",
            "Unrecognised date (write 2025-05-03).")  # fmt: skip
    qc = QC_ALIASES.get(cell_text(cells.get("qc_type")).casefold())
    if qc is None:
        bad("qc_type", cells.get("qc_type"), "未知的质控类型。", "Unknown QC type.")
    basis = BASIS_ALIASES.get(cell_text(cells.get("basis")).casefold())
    if basis is None:
        bad("basis", cells.get("basis"), "基准应为湿重或干重。", "Basis must be wet or dry.")
    fraction = FRACTION_ALIASES.get(cell_text(cells.get("fraction")).casefold())
    if fraction is None:
        bad("fraction", cells.get("fraction"), "形态应为溶解态或总量。",
            "Fraction must be dissolved or total.")  # fmt: skip
    programme = cell_text(cells.get("programme"))
    programme_id = ctx.programmes.get(programme) if programme else None
    if programme and programme_id is None:
        bad("programme", programme, "未知的监测项目。", "Unknown programme.")
    method = cell_text(cells.get("method"))
    if not method:
        bad("method", "", "缺少分析方法。", "The method is missing.")
    depth = None
    if cell_text(cells.get("depth")):
        try:
            depth = ctx.amount(cells.get("depth"))
        except AmountError as exc:
            bad("depth", cells.get("depth"), exc.reason_zh, exc.reason_en)
    part = None
    if not found:
        part = (sample_code, site, sampled_at, qc, cell_text(cells.get("duplicate_of")),
                cell_text(cells.get("batch")), programme_id, cell_text(cells.get("matrix")), depth,
                basis, fraction, method[:60])  # fmt: skip
    if len(ctx.samples) >= SAMPLE_CACHE:
        ctx.samples.clear()
    ctx.samples[key] = part
    return part


# --- a batch of rows at a time ----------------------------------------------------------

#: A cell that Polars reads as a number exactly as ``parse_amount`` would.
PLAIN_DECIMAL = r"^[0-9]+(\.[0-9]+)?$"
#: Order in which the problems of one row are listed.
RANK = {key: n for n, key in enumerate(
    ("sample", "site", "sampled_at", "qc_type", "basis", "fraction", "programme", "method",
     "depth", "substance", "cas", "unit", "lod", "loq", "recovery", "value")
)}  # fmt: skip
PART_SCHEMA = {
    "sample_code": pl.String, "site_id": pl.Int64, "medium": pl.String, "kind": pl.String,
    "part_sampled_at": pl.Datetime("us", "UTC"), "part_qc_type": pl.String,
    "part_duplicate_of": pl.String, "part_batch": pl.String, "programme_id": pl.Int64,
    "part_matrix": pl.String, "depth_m": pl.Float64, "part_basis": pl.String,
    "part_fraction": pl.String, "part_method": pl.String,
}  # fmt: skip


class Problems:
    """The problems found in a batch, as (row, key, value, zh, en) columns."""

    def __init__(self, ctx: Context, headers: dict[str, str]) -> None:
        self.ctx, self.headers = ctx, headers
        self.frames: list[pl.DataFrame] = []
        self.single: list[tuple] = []

    def add(self, row: int, key: str, value, zh: str, en: str) -> None:
        self.single.append((row, key, cell_text(value), zh, en))

    def where(self, row: int):
        """A ``where(key, value, zh, en)`` callback for the single-cell parsers."""

        def add(key, value, zh, en):
            self.add(row, key, value, zh, en)

        return add

    def rows(self, frame: pl.DataFrame, key: str, value: str, zh: str, en: str) -> None:
        """Every row of ``frame`` (columns row, ``value``, zh, en) as a problem of ``key``."""
        if frame.height:
            self.frames.append(
                frame.select(
                    pl.col("row"),
                    pl.lit(key).alias("key"),
                    pl.col(value).cast(pl.String).fill_null("").alias("value"),
                    pl.col(zh).alias("zh"),
                    pl.col(en).alias("en"),
                )  # fmt: skip
            )

    def errors(self, limit: int) -> list[RowError]:
        frames = [*self.frames]
        if self.single:
            frames.append(pl.DataFrame(self.single, orient="row", schema=["row", "key", "value",
                                                                          "zh", "en"]))  # fmt: skip
        if not frames:
            return []
        frame = (
            pl.concat([f.with_columns(pl.col("row").cast(pl.Int64)) for f in frames])
            .with_columns(pl.col("key").replace_strict(RANK, default=99).alias("rank"))
            .sort("row", "rank")
            .head(limit)
        )
        name, headers = self.ctx.file_name, self.headers
        return [
            RowError(name, row, headers.get(key, key), value, zh, en)
            for row, key, value, zh, en, _rank in frame.iter_rows()
        ]


def _lookup(frame: pl.DataFrame, on: list[str], solve, schema: dict) -> pl.DataFrame:
    """``frame`` with the columns of ``solve(first_row, *distinct_values)`` joined on ``on``:
    each distinct combination is worked out once, in Python."""
    assert not set(on) & set(schema), "the solved columns must not repeat the keys"
    distinct = frame.group_by(on, maintain_order=True).agg(pl.col("row").first())
    solved = [solve(first, *values) for *values, first in distinct.iter_rows()]
    table = pl.DataFrame(
        [[*values, *out] for (*values, _first), out in zip(distinct.iter_rows(), solved,
                                                           strict=True)],
        schema={**{k: frame.schema[k] for k in on}, **schema}, orient="row",
    )  # fmt: skip
    return frame.join(table, on=on, how="left", nulls_equal=True, maintain_order="left")


def _amount_column(
    ctx: Context, frame: pl.DataFrame, key: str, problems: Problems, *, required: bool = False
) -> pl.DataFrame:
    """Parse column ``key`` into ``{key}_num``: plain decimals by Polars, the rest once per
    distinct cell by :func:`parse_amount`; blanks are null unless ``required``."""
    raw = pl.col(key).str.strip_chars()
    frame = frame.with_columns(
        pl.when(raw.str.contains(PLAIN_DECIMAL)).then(raw.cast(pl.Float64)).alias(f"{key}_num")
    )
    other = frame.filter(pl.col(f"{key}_num").is_null() & (raw.fill_null("") != ""))
    if other.height:

        def solve(_row, cell):
            try:
                return ctx.amount(cell), None, None
            except AmountError as exc:
                return None, exc.reason_zh, exc.reason_en

        solved = _lookup(other.select("row", key), [key], solve,
                         {"num": pl.Float64, "zh": pl.String, "en": pl.String})  # fmt: skip
        problems.rows(solved.filter(pl.col("zh").is_not_null()), key, key, "zh", "en")
        frame = frame.update(solved.select("row", pl.col("num").alias(f"{key}_num")), on="row")
    return frame


def check(ctx: Context, frame: pl.DataFrame, headers: dict[str, str], problems: Problems):
    """Check a batch of result rows and return the staging rows of those without problems.

    ``frame`` has a ``row`` column (the row number in the file) and one string column per
    key of the layout (sample columns, ``substance``, ``cas``, ``value``, ``unit``, ``lod``,
    ``loq``, ``recovery``); missing optional columns are treated as blank. Problems are added
    to ``problems``; the returned frame has the staging columns.
    """
    keys = [*SAMPLE_KEYS, "substance", "cas", "value", "unit", "lod", "loq", "recovery"]
    frame = frame.with_columns(
        pl.lit(None, pl.String).alias(k) for k in keys if k not in frame.columns
    )

    # The sample columns, once per distinct sample.
    def sample(first, *cells):
        part = _sample_part(ctx, dict(zip(SAMPLE_KEYS, cells, strict=True)), problems.where(first))
        if part is None:
            return [None] * len(PART_SCHEMA)
        code, site, at, qc, dup, batch, programme, matrix, depth, basis, fraction, method = part
        return [code, site.pk, site.medium, medium_kind(site.medium), at, qc, dup, batch,
                programme, matrix, depth, basis, fraction, method]  # fmt: skip

    frame = _lookup(frame, list(SAMPLE_KEYS), sample, PART_SCHEMA)

    # The substance, from its CAS RN or name, once per distinct pair.
    def substance(_first, name, cas):
        name, cas = cell_text(name), cell_text(cas)
        if not name and not cas:
            return None, "substance", "缺少物质名称或 CAS 号。", "The substance is missing."
        if cas:
            valid = ctx.cas_valid.get(cas)
            if valid is None:
                valid = ctx.cas_valid[cas] = normalise_cas(cas) is not None
            if not valid:
                return None, "cas", "CAS 号校验位错误或格式错误。", "The CAS RN is not valid."
        found = ctx.substance(name, cas)
        if found is None:
            return (None, "substance", "化学物质库中没有该物质，请联系数据管理员。",
                    "Not in the knowledge base; ask the data stewards to add it.")  # fmt: skip
        return found.pk, None, None, None

    frame = _lookup(frame, ["substance", "cas"], substance,
                    {"substance_id": pl.Int64, "s_key": pl.String, "s_zh": pl.String,
                     "s_en": pl.String})  # fmt: skip
    for key in ("substance", "cas"):
        bad = frame.filter(pl.col("s_key") == key).with_columns(
            pl.coalesce(pl.col(key), pl.col("substance"), pl.col("cas")).alias("shown")
        )
        problems.rows(bad, key, "shown", "s_zh", "s_en")

    # The unit, which the medium of the site decides.
    def unit(_first, text, kind):
        if kind is None:  # the site is unknown: its problem is reported already
            return None, None, None
        try:
            return concentration_factor(cell_text(text), kind), None, None
        except UnitError as exc:
            return None, exc.reason_zh, exc.reason_en

    frame = _lookup(frame, ["unit", "kind"], unit,
                    {"factor": pl.Float64, "u_zh": pl.String, "u_en": pl.String})  # fmt: skip
    bad = frame.filter(pl.col("kind").is_not_null() & pl.col("u_zh").is_not_null())
    problems.rows(bad.with_columns(pl.col("unit").fill_null("")), "unit", "unit", "u_zh", "u_en")

    for key in ("lod", "loq", "recovery"):
        frame = _amount_column(ctx, frame, key, problems)

    # The value: a plain number is a detect; ND, <x, NA and the rest once per distinct cell.
    raw = pl.col("value").str.strip_chars()
    frame = frame.with_columns(
        pl.when(raw.str.contains(PLAIN_DECIMAL)).then(raw.cast(pl.Float64)).alias("v"),
        pl.col("lod_num").alias("lod2"), pl.col("loq_num").alias("loq2"),
        pl.lit(Detection.DETECTED.value).alias("detection"), pl.lit(None, pl.String).alias("v_zh"),
        pl.lit(None, pl.String).alias("v_en"),
    )  # fmt: skip
    other = frame.filter(pl.col("v").is_null())
    if other.height:

        def value(_first, cell, lod, loq):
            try:
                return (*_value(ctx, cell, lod, loq), None, None)
            except AmountError as exc:
                return None, None, lod, loq, exc.reason_zh, exc.reason_en

        solved = _lookup(
            other.select("row", "value", "lod_num", "loq_num"), ["value", "lod_num", "loq_num"],
            value, {"detection": pl.String, "v": pl.Float64, "lod2": pl.Float64,
                    "loq2": pl.Float64, "v_zh": pl.String, "v_en": pl.String},
        )  # fmt: skip
        frame = frame.update(
            solved.select("row", "detection", "v", "lod2", "loq2", "v_zh", "v_en"),
            on="row", include_nulls=True,
        )  # fmt: skip
        problems.rows(frame.filter(pl.col("v_zh").is_not_null()), "value", "value", "v_zh",
                      "v_en")  # fmt: skip
    for key, column in (("value", "v"), ("lod", "lod2"), ("loq", "loq2")):
        problems.rows(
            frame.filter(pl.col(column) < 0).with_columns(
                pl.lit("数值不能为负。").alias("zh"),
                pl.lit("A value cannot be negative.").alias("en"),
                pl.col(column).cast(pl.String).alias("shown"),
            ),
            key, "shown", "zh", "en",
        )  # fmt: skip
    failed = pl.col("site_id").is_null() | pl.col("substance_id").is_null()
    failed = failed | pl.col("factor").is_null() | pl.col("v_zh").is_not_null()
    failed = failed | (pl.col("v") < 0) | (pl.col("lod2") < 0) | (pl.col("loq2") < 0)
    for key in ("lod", "loq", "recovery"):
        failed = (
            failed
            | (pl.col(key).str.strip_chars().fill_null("") != "") & pl.col(f"{key}_num").is_null()
        )
    good = frame.filter(~failed.fill_null(False)).with_columns(
        (pl.col(c) * pl.col("factor")).alias(c) for c in ("v", "lod2", "loq2")
    )
    ceiling = pl.col("kind").replace_strict(PLAUSIBILITY_CEILING, return_dtype=pl.Float64)
    too_high = good.filter(pl.col("v") > ceiling)
    problems.rows(
        too_high.with_columns(
            pl.lit("数值超出该介质的合理上限，请核实单位。").alias("zh"),
            pl.lit("The value is above what is plausible for this medium; check the unit.")
            .alias("en"),
        ),
        "value", "value", "zh", "en",
    )  # fmt: skip
    good = good.filter(~(pl.col("v") > ceiling).fill_null(False))
    flags = pl.concat_str(
        [
            pl.when(pl.col("lod2") > pl.col("loq2")).then(pl.lit("lod_above_loq")),
            pl.when((pl.col("detection") == Detection.DETECTED.value)
                    & (pl.col("v") < pl.col("lod2"))).then(pl.lit("detected_below_lod")),
            pl.when((pl.col("recovery_num") < 60) | (pl.col("recovery_num") > 130))
            .then(pl.lit("recovery")),
        ],
        separator=",", ignore_nulls=True,
    ).fill_null("")  # fmt: skip
    return good.select(
        pl.col("row").alias("row_number"), "sample_code", "site_id", "medium",
        pl.col("part_sampled_at").alias("sampled_at"),
        # The day of sampling in local time (a sample at 00:30 in Beijing is not of yesterday).
        pl.col("part_sampled_at").dt.convert_time_zone(settings.TIME_ZONE).dt.date()
        .alias("sampled_on"),
        *(pl.col(f"part_{k}").alias(k) for k in ("qc_type", "duplicate_of", "batch")),
        "programme_id", pl.col("part_matrix").alias("matrix"), "depth_m",
        *(pl.col(f"part_{k}").alias(k) for k in ("basis", "fraction")),
        "substance_id", "detection", pl.col("v").alias("value"),
        pl.col("lod2").alias("lod"), pl.col("loq2").alias("loq"),
        pl.col("unit").fill_null("").str.normalize("NFKC").str.strip_chars().str.slice(0, 20)
        .alias("unit_given"),
        pl.col("part_method").alias("method"), pl.col("recovery_num").alias("recovery_percent"),
        flags.alias("qa_flags"),
    )  # fmt: skip
