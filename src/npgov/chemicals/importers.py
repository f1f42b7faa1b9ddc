"""Bulk import of substance lists (CSV or xlsx, UTF-8 or GB18030) through core.imports."""

from django.core.exceptions import ValidationError

from npgov.core import policy
from npgov.core.imports import Column, ImportResult, RowError, run_import, template_xlsx
from npgov.science import structure
from npgov.science.identifiers import cas_check

from .choices import SubstanceKind
from .services import SubstanceInput, _substance_save, memberships_classify

KIND = "chemicals.substances"
SEPARATORS = (";", "；", "|")

COLUMNS = (
    Column("name_zh", "中文名称", "Chinese name", required=True, aliases=("名称",)),
    Column("name_en", "英文名称", "English name"),
    Column("cas", "CAS号", "CAS RN", aliases=("CAS", "CAS No."), help_zh="多个 CAS 号用分号分隔"),
    Column("smiles", "SMILES", "SMILES structure", help_zh="结构明确的物质填写；UVCB 与混合物留空"),
    Column("synonyms", "同义名", "Synonyms", help_zh="多个用分号分隔，可含缩写"),
    Column("ec", "EC号", "EC number"),
    Column("kind", "类型", "Kind", help_zh="defined / uvcb / mixture，留空为 defined"),
    Column("description", "说明", "Description"),
)

KIND_NAMES = {
    "": SubstanceKind.DEFINED,
    "defined": SubstanceKind.DEFINED,
    "结构明确": SubstanceKind.DEFINED,
    "uvcb": SubstanceKind.UVCB,
    "mixture": SubstanceKind.MIXTURE,
    "混合物": SubstanceKind.MIXTURE,
}


def _split(value: str) -> list[str]:
    for separator in SEPARATORS[1:]:
        value = value.replace(separator, SEPARATORS[0])
    return [part.strip() for part in value.split(SEPARATORS[0]) if part.strip()]


def template() -> bytes:
    return template_xlsx(
        COLUMNS,
        title="substances",
        examples=[
            [
                "全氟己酸",
                "Perfluorohexanoic acid",
                "307-24-4",
                "OC(=O)C(F)(F)C(F)(F)C(F)(F)C(F)(F)C(F)(F)F",
                "PFHxA",
                "",
                "defined",
                "示例行：导入前删除 / example row, delete before import",
            ],
        ],
    )


def import_substances(*, actor, file_name: str, content: bytes) -> ImportResult:
    """Load a substance list: every row is checked (CAS check digits, SMILES, conflicts with
    stored substances and with other rows) before anything is written."""
    policy.require(actor, "chemicals.change_substance")
    seen_cas: dict[str, int] = {}
    seen_keys: dict[str, int] = {}

    def validate(row: dict, number: int, errors: list[RowError]):
        def err(field: str, value: str, zh: str, en: str) -> None:
            errors.append(RowError(file_name, number, field, value, zh, en))

        kind = KIND_NAMES.get(row.get("kind", "").strip().casefold())
        if kind is None:
            err(
                "类型 / Kind",
                row["kind"],
                "类型应为 defined、uvcb 或 mixture。",
                "The kind must be defined, uvcb or mixture.",
            )
            return None
        cas_values = []
        for value in _split(row.get("cas", "")):
            check = cas_check(value)
            if not check.valid:
                err("CAS号 / CAS RN", value, check.reason_zh, check.reason_en)
                continue
            if check.normalized in seen_cas:
                err(
                    "CAS号 / CAS RN",
                    value,
                    f"与第 {seen_cas[check.normalized]} 行重复。",
                    f"Repeats row {seen_cas[check.normalized]}.",
                )
                continue
            seen_cas[check.normalized] = number
            cas_values.append(check.normalized)
        smiles = row.get("smiles", "")
        if smiles:
            try:
                ident = structure.identify(smiles)
            except structure.StructureError as exc:
                err("SMILES", smiles, exc.reason_zh, exc.reason_en)
                return None
            if ident.inchikey in seen_keys:
                err(
                    "SMILES",
                    smiles,
                    f"结构与第 {seen_keys[ident.inchikey]} 行相同。",
                    f"Same structure as row {seen_keys[ident.inchikey]}.",
                )
            seen_keys[ident.inchikey] = number
        for ec in _split(row.get("ec", "")):
            key = "ec:" + ec
            if key in seen_keys:
                err(
                    "EC号 / EC number",
                    ec,
                    f"与第 {seen_keys[key]} 行重复。",
                    f"Repeats row {seen_keys[key]}.",
                )
            seen_keys[key] = number
        name_en = " ".join(row.get("name_en", "").split()).casefold()
        if name_en:
            key = "en:" + name_en
            if key in seen_keys:
                err(
                    "英文名称 / English name",
                    row["name_en"],
                    f"英文名称与第 {seen_keys[key]} 行重复。",
                    f"The English name repeats row {seen_keys[key]}.",
                )
            seen_keys[key] = number
        name = row.get("name_zh", "").strip()
        if name and name.casefold() in seen_keys:
            err(
                "中文名称 / Chinese name",
                name,
                f"名称与第 {seen_keys[name.casefold()]} 行重复。",
                f"The name repeats row {seen_keys[name.casefold()]}.",
            )
        seen_keys[name.casefold()] = number
        data = SubstanceInput(
            name_zh=name,
            name_en=row.get("name_en", ""),
            kind=kind,
            cas=cas_values,
            ec=_split(row.get("ec", "")),
            synonyms=_split(row.get("synonyms", "")),
            smiles=smiles,
            description=row.get("description", ""),
            source=f"import: {file_name}",
        )
        from .services import substance_validate

        try:
            substance_validate(data)
        except ValidationError as exc:
            for field_name, messages in exc.message_dict.items():
                column = next((c for c in COLUMNS if c.key == field_name), None)
                label = column.header if column else field_name
                for message in messages:
                    zh, _sep, en = message.partition(" / ")
                    value = getattr(data, field_name, "")
                    shown = "; ".join(value) if isinstance(value, list) else str(value)
                    err(label, shown, zh, en or zh)
            return None
        return data

    def write(rows: list[SubstanceInput]) -> int:
        created = [
            _substance_save(actor=actor, data=data, substance=None, classify=False) for data in rows
        ]
        memberships_classify(substances=created)
        return len(created)

    return run_import(
        actor=actor,
        kind=KIND,
        file_name=file_name,
        content=content,
        columns=COLUMNS,
        validate=validate,
        write=write,
    )
