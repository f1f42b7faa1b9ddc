"""Bulk creation of enterprises from a spreadsheet (all or nothing, never twice)."""

from django.core.exceptions import ValidationError

from npgov.core import policy
from npgov.core.imports import Column, ImportResult, RowError, run_import, template_xlsx

from .choices import Datum, EnterpriseSize
from .services import EnterpriseInput, enterprise_save, enterprise_validate

KIND = "enterprises.registry"
COLUMNS = (
    Column("uscc", "统一社会信用代码", "Unified social credit code", required=True),
    Column("name_zh", "企业名称", "Enterprise name", required=True),
    Column(
        "district_code",
        "行政区划代码",
        "District code",
        help_zh="GB/T 2260 区代码；经开区填 BJETDZ；留空则按信用代码推断",
    ),
    Column("legal_representative", "法定代表人", "Legal representative"),
    Column("address", "地址", "Address"),
    Column("longitude", "经度", "Longitude"),
    Column("latitude", "纬度", "Latitude"),
    Column("datum", "坐标系", "Datum", help_zh="wgs84 或 gcj02（高德、腾讯等地图坐标）"),
    Column("industrial_park", "所在园区", "Industrial park"),
    Column(
        "industry_code",
        "行业代码",
        "Industry code (GB/T 4754-2017)",
        help_zh="四位行业小类代码，如 2614",
    ),
    Column("size", "企业规模", "Size", help_zh="large / medium / small / micro"),
)
FIELD_COLUMNS = {"uscc": 0, "name_zh": 1, "district": 2, "coordinates": 5, "industry": 9}


def template() -> bytes:
    return template_xlsx(
        COLUMNS,
        title="enterprises",
        examples=[
            [
                "91110105MA01ABC2XK",
                "北京示例化工有限公司（示例）",
                "110105",
                "张三",
                "朝阳区示例路1号",
                "116.48",
                "39.95",
                "wgs84",
                "",
                "2614",
                "small",
            ]
        ],
    )


def _number(text: str):
    text = (text or "").strip()
    return float(text) if text else None


def import_enterprises(*, actor, file_name: str, content: bytes) -> ImportResult:
    policy.require(actor, "enterprises.import_enterprise")
    seen: dict[str, int] = {}

    def validate(row: dict, number: int, errors: list[RowError]):
        def err(column: Column, value: str, zh: str, en: str) -> None:
            errors.append(RowError(file_name, number, column.header, value, zh, en))

        try:
            longitude, latitude = _number(row.get("longitude")), _number(row.get("latitude"))
        except ValueError:
            err(
                COLUMNS[5],
                f"{row.get('longitude')}, {row.get('latitude')}",
                "经纬度应为数值。",
                "Longitude and latitude must be numbers.",
            )
            return None
        datum = (row.get("datum") or "wgs84").strip().casefold().replace("-", "")
        if datum not in Datum.values:
            err(
                COLUMNS[7],
                row["datum"],
                "坐标系应为 wgs84 或 gcj02。",
                "The datum must be wgs84 or gcj02.",
            )
            return None
        size = (row.get("size") or "").strip().casefold()
        if size and size not in EnterpriseSize.values:
            err(
                COLUMNS[10],
                size,
                "企业规模应为 large、medium、small 或 micro。",
                "The size must be large, medium, small or micro.",
            )
        data = EnterpriseInput(
            uscc=row["uscc"],
            name_zh=row["name_zh"],
            district_code=row.get("district_code", ""),
            legal_representative=row.get("legal_representative", ""),
            address=row.get("address", ""),
            longitude=longitude,
            latitude=latitude,
            datum=datum,
            industrial_park=row.get("industrial_park", ""),
            industry_code=row.get("industry_code", ""),
            size=size,
        )
        try:
            clean = enterprise_validate(data)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                column = COLUMNS[FIELD_COLUMNS.get(field, 0)]
                for message in messages:
                    zh, _sep, en = message.partition(" / ")
                    err(
                        column,
                        str(getattr(data, field, row.get(column.key, "")) or ""),
                        zh,
                        en or zh,
                    )
            return None
        if clean["uscc"] in seen:
            err(
                COLUMNS[0],
                clean["uscc"],
                f"与第 {seen[clean['uscc']]} 行重复。",
                f"Repeats row {seen[clean['uscc']]}.",
            )
            return None
        seen[clean["uscc"]] = number
        return data

    def write(rows: list[EnterpriseInput]) -> int:
        for data in rows:
            enterprise_save(actor=actor, data=data)
        return len(rows)

    return run_import(
        actor=actor,
        kind=KIND,
        file_name=file_name,
        content=content,
        columns=COLUMNS,
        validate=validate,
        write=write,
    )
