"""Property and ecotoxicity records: checking a reported value and its unit, storing it, and
the bulk import of such records."""

import re

from npgov.core import policy
from npgov.core.audit import acting_as
from npgov.core.imports import Column, ImportResult, RowError, run_import, template_xlsx
from npgov.science.units import UnitError, convert

from .choices import (
    ECOTOX_KINDS,
    PROPERTY_UNITS,
    DataOrigin,
    PropertyKind,
    Reliability,
    TaxonomicGroup,
)
from .models import PropertyRecord

KIND = "chemicals.properties"
THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
QUALIFIER_PREFIX = re.compile(r"^\s*(<=|>=|≤|≥|<|>|~|=)?\s*(.+?)\s*$")
QUALIFIER_NAMES = {
    "": "=",
    "=": "=",
    "<": "<",
    ">": ">",
    "<=": "<=",
    "≤": "<=",
    ">=": ">=",
    "≥": ">=",
    "~": "~",
    "≈": "~",
}

COLUMNS = (
    Column(
        "substance", "物质", "Substance", required=True, help_zh="CAS 号、名称、平台编号或 InChIKey"
    ),
    Column(
        "property",
        "性质",
        "Property",
        required=True,
        help_zh="log_kow, water_solubility, half_life_water, bcf, acute_toxicity, …",
    ),
    Column("qualifier", "限定符", "Qualifier"),
    Column("value", "数值", "Value", required=True),
    Column("unit", "单位", "Unit", help_zh="对数值（log Kow、log Koc）留空"),
    Column("endpoint", "终点", "Endpoint", help_zh="LC50、EC50、NOEC、EC10 …"),
    Column("species", "物种", "Species"),
    Column(
        "taxonomic_group",
        "类群",
        "Taxonomic group",
        help_zh="algae, plants, invertebrates, fish, amphibians, microorganisms, other",
    ),
    Column("duration_hours", "暴露时长(h)", "Duration (h)"),
    Column("effect", "效应", "Effect"),
    Column("medium", "介质", "Medium"),
    Column("origin", "来源类型", "Origin", help_zh="experimental 或 predicted"),
    Column("reliability", "可靠性", "Reliability", help_zh="K1–K4（Klimisch）或 R1–R4（CRED）"),
    Column("source", "文献来源", "Source", required=True),
)


def _kind(text: str) -> str | None:
    key = text.strip()
    for kind in PropertyKind:
        if key.casefold() in {kind.value, str(kind.label).casefold(), kind.label.casefold()}:
            return kind.value
    return None


def check_value(*, kind: str, value_text: str, unit: str, qualifier: str = ""):
    """``(qualifier, value, value_canonical, unit_canonical)`` or :class:`UnitError`/ValueError
    with the reason in both languages."""
    match = QUALIFIER_PREFIX.match(value_text or "")
    if not match or not match.group(2):
        raise ValueError("缺少数值。 / The value is missing.")
    qualifier = QUALIFIER_NAMES.get((qualifier or match.group(1) or "").strip())
    if qualifier is None:
        raise ValueError(
            "限定符应为 =、<、<=、>、>= 或 ~。 / The qualifier must be =, <, <=, >, >= or ~."
        )
    number = match.group(2)
    if "," in number and not THOUSANDS.match(number):
        raise ValueError(
            f"“{number}”中的逗号有歧义（小数点请用“.”）。 / The comma in “{number}” is ambiguous "
            "(write the decimal point as “.”)."
        )
    try:
        value = float(number.replace(",", ""))
    except ValueError:
        raise ValueError(
            f"“{match.group(2)}”不是数值。 / “{match.group(2)}” is not a number."
        ) from None
    canonical = PROPERTY_UNITS[kind]
    if canonical == "":
        if unit.strip() and unit.strip().casefold() not in {"-", "log", "log units", "无量纲"}:
            raise UnitError("unexpected", unit, "对数值不带单位。", "A logarithm carries no unit.")
        return qualifier, value, value, ""
    if not unit.strip():
        raise UnitError(
            "missing",
            "",
            f"该性质须注明单位（如 {canonical}）。",
            f"This property needs a unit (e.g. {canonical}).",
        )
    return qualifier, value, convert(value, unit, canonical).value, canonical


def property_record_create(
    *, actor, substance, kind: str, value_text: str, unit: str, source: str, **details
) -> PropertyRecord:
    policy.require(actor, "chemicals.change_substance")
    qualifier, value, canonical, canonical_unit = check_value(
        kind=kind, value_text=value_text, unit=unit, qualifier=details.pop("qualifier", "")
    )
    with acting_as(actor):
        record = PropertyRecord(
            substance=substance,
            kind=kind,
            qualifier=qualifier,
            value=value,
            unit=unit.strip(),
            value_canonical=canonical,
            unit_canonical=canonical_unit,
            source=source,
            created_by=actor,
            **details,
        )
        record.full_clean()
        record.save()
    return record


def template() -> bytes:
    return template_xlsx(
        COLUMNS,
        title="properties",
        examples=[
            [
                "335-67-1",
                "acute_toxicity",
                "",
                "220",
                "mg/L",
                "EC50",
                "Daphnia magna",
                "invertebrates",
                "48",
                "immobilisation",
                "freshwater",
                "experimental",
                "K2",
                "示例行：导入前删除 / example row, delete before import",
            ],
        ],
    )


def import_properties(*, actor, file_name: str, content: bytes) -> ImportResult:
    """Load property and ecotoxicity records; any bad cell refuses the whole file."""
    from .selectors import resolve

    policy.require(actor, "chemicals.change_substance")
    reliability = {r.value.casefold(): r.value for r in Reliability}
    groups = {g.value: g.value for g in TaxonomicGroup}
    origins = {o.value: o.value for o in DataOrigin}

    def validate(row: dict, number: int, errors: list[RowError]):
        def err(column: str, value: str, zh: str, en: str) -> None:
            errors.append(RowError(file_name, number, column, value, zh, en))

        found = resolve(user=actor, query=row["substance"])
        if found.status != "matched":
            err(
                "物质 / Substance",
                row["substance"],
                found.message_zh or "未找到该物质。",
                found.message_en or "No substance matches.",
            )
            return None
        kind = _kind(row["property"])
        if kind is None:
            err("性质 / Property", row["property"], "无法识别的性质。", "Unknown property.")
            return None
        try:
            qualifier, value, canonical, canonical_unit = check_value(
                kind=kind,
                value_text=row["value"],
                unit=row.get("unit", ""),
                qualifier=row.get("qualifier", ""),
            )
        except UnitError as exc:
            err("单位 / Unit", row.get("unit", ""), exc.reason_zh, exc.reason_en)
            return None
        except ValueError as exc:
            zh, _sep, en = str(exc).partition(" / ")
            err("数值 / Value", row["value"], zh, en)
            return None
        details = {}
        if kind in ECOTOX_KINDS:
            if not row.get("endpoint"):
                err(
                    "终点 / Endpoint",
                    "",
                    "生态毒性数据须注明终点。",
                    "An ecotoxicity value needs its endpoint.",
                )
            if not (row.get("species") or row.get("taxonomic_group")):
                err(
                    "物种 / Species",
                    "",
                    "生态毒性数据须注明物种或类群。",
                    "An ecotoxicity value needs its species or taxonomic group.",
                )
        group = row.get("taxonomic_group", "").strip().casefold()
        if group and group not in groups:
            err("类群 / Taxonomic group", group, "无法识别的类群。", "Unknown taxonomic group.")
        duration = row.get("duration_hours", "").strip()
        if duration:
            try:
                details["duration_hours"] = float(duration)
            except ValueError:
                err(
                    "暴露时长(h) / Duration (h)",
                    duration,
                    "暴露时长应为小时数。",
                    "The duration must be a number of hours.",
                )
        rel = row.get("reliability", "").strip().casefold()
        if rel and rel not in reliability:
            err(
                "可靠性 / Reliability",
                rel,
                "可靠性应为 K1–K4 或 R1–R4。",
                "Reliability must be K1–K4 or R1–R4.",
            )
        origin = row.get("origin", "").strip().casefold() or "experimental"
        if origin not in origins:
            err(
                "来源类型 / Origin",
                origin,
                "应为 experimental 或 predicted。",
                "Must be experimental or predicted.",
            )
        return dict(
            substance=found.substances[0],
            kind=kind,
            qualifier=qualifier,
            value=value,
            unit=row.get("unit", "").strip(),
            value_canonical=canonical,
            unit_canonical=canonical_unit,
            endpoint=row.get("endpoint", ""),
            species=row.get("species", ""),
            taxonomic_group=groups.get(group, ""),
            effect=row.get("effect", ""),
            medium=row.get("medium", ""),
            origin=origins.get(origin, "experimental"),
            reliability=reliability.get(rel, ""),
            source=row["source"],
            duration_hours=details.get("duration_hours"),
        )

    def write(rows: list[dict]) -> int:
        created = 0
        with acting_as(actor):
            for data in rows:
                _record, made = PropertyRecord.objects.get_or_create(
                    **{
                        k: data[k]
                        for k in (
                            "substance",
                            "kind",
                            "qualifier",
                            "value",
                            "unit",
                            "endpoint",
                            "species",
                            "duration_hours",
                            "source",
                        )
                    },
                    defaults={**data, "created_by": actor},
                )
                created += made
        return created

    return run_import(
        actor=actor,
        kind=KIND,
        file_name=file_name,
        content=content,
        columns=COLUMNS,
        validate=validate,
        write=write,
    )
