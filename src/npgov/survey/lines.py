"""Reading report lines as typed by an enterprise, in the web form or the workbook: numbers
with full-width digits and thousands separators, units converted to t/a, coded choices given
by code or label, and substances resolved through the knowledge base. A substance that is not
yet known is kept with what was given and flagged, never dropped."""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass, field, fields

from django.utils import translation
from django.utils.translation import gettext as _

from npgov.chemicals import selectors as chem
from npgov.chemicals.identity import normalise_cas
from npgov.chemicals.models import Substance
from npgov.science.identifiers import cas_check
from npgov.science.units import AmountError, UnitError, parse_amount, tonnes_per_year

from .choices import Activity, ProcessFunction, Resolution, TransferRoute, UseCategory
from .models import Campaign, ReportLine

#: Line fields holding quantities, in the line's unit.
AMOUNT_FIELDS = ("quantity", "release_air", "release_water", "release_soil", "waste", "transfer")
#: Fields asked only in the detailed and key-controlled surveys.
DETAILED_FIELDS = (
    "release_air",
    "release_water",
    "release_soil",
    "waste",
    "transfer",
    "transfer_route",
    "treatment",
)


@dataclass
class LineInput:
    """One line as given: every value is text (or a number read from a cell)."""

    name: str = ""
    cas: str = ""
    activity: str = ""
    quantity: object = ""
    unit: str = ""
    use_category: str = ""
    function: str = ""
    use_description: str = ""
    release_air: object = ""
    release_water: object = ""
    release_soil: object = ""
    waste: object = ""
    transfer: object = ""
    transfer_route: str = ""
    treatment: str = ""
    note: str = ""

    @classmethod
    def from_line(cls, line: ReportLine) -> LineInput:
        """A stored line as the form shows it (quantities in t/a)."""

        def num(value):
            return "" if value is None else _plain(value)

        return cls(
            name=line.name_given,
            cas=line.cas_given,
            activity=line.activity,
            quantity=_plain(line.quantity_t),
            unit="t/a",
            use_category=line.use_category,
            function=line.function,
            use_description=line.use_description,
            release_air=num(line.release_air_t),
            release_water=num(line.release_water_t),
            release_soil=num(line.release_soil_t),
            waste=num(line.waste_t),
            transfer=num(line.transfer_t),
            transfer_route=line.transfer_route,
            treatment=line.treatment,
            note=line.note,
        )

    def is_removed(self) -> bool:
        """A line with no substance and no quantity is a removed (or unused) row."""
        return not any(str(getattr(self, f) or "").strip() for f in ("name", "cas", "quantity"))

    def is_blank(self) -> bool:
        return all(not str(getattr(self, f.name) or "").strip() for f in fields(self))


def _plain(value: float) -> str:
    return f"{value:.6g}" if abs(value) < 1e6 else f"{value:.0f}"


@dataclass(frozen=True)
class LineProblem:
    """A bad value of a line: where it is and why it is refused, in both languages."""

    line: int
    field: str
    value: str
    reason_zh: str
    reason_en: str


@dataclass
class Resolver:
    """Resolves names and CAS numbers once per distinct pair within a batch."""

    user: object
    cache: dict = field(default_factory=dict)

    def __call__(self, name: str, cas: str):
        key = (name.strip().casefold(), cas.strip())
        if key not in self.cache:
            self.cache[key] = self._resolve(name.strip(), cas.strip())
        return self.cache[key]

    def _resolve(self, name: str, cas: str):
        """``(substance or None, problem (field, zh, en) or None)``."""
        if cas:
            normal = normalise_cas(cas)
            if normal is None:
                check = cas_check(cas)
                return None, ("cas", check.reason_zh, check.reason_en)
            found = chem.resolve(user=self.user, query=normal)
            if found.status == "matched":
                return found.substances[0], None
        if name:
            found = chem.resolve(user=self.user, query=name)
            if found.status == "matched":
                return found.substances[0], None
            if found.status == "ambiguous" and not cas:
                return None, (
                    "name",
                    f"名称“{name}”对应多种物质，请填写 CAS 号。",
                    f"The name “{name}” matches several substances; give the CAS RN.",
                )
        return None, None


@functools.cache
def _labels(choices) -> dict[str, str]:
    """Every spelling of a coded value: its code and its label in Chinese and English."""
    lookup = {}
    for language in ("en", "zh-hans"):
        with translation.override(language):
            for value, label in choices.choices:
                lookup[str(label).casefold()] = value
    for value, _label in choices.choices:
        lookup[value.casefold()] = value
    return lookup


def _choice(text: object, choices, aliases: dict[str, str] | None = None) -> str | None:
    """A coded value given by its code, its label (either language), or "code label";
    ``""`` when empty and ``None`` when not recognised."""
    given = unicodedata.normalize("NFKC", str(text or "")).strip()
    if not given:
        return ""
    lookup = _labels(choices)
    folded = given.casefold()
    if folded in lookup:
        return lookup[folded]
    head = folded.split()[0]
    if head in lookup and head == lookup[head].casefold():
        return lookup[head]
    return (aliases or {}).get(given)


ACTIVITY_ALIASES = {
    "生产": Activity.PRODUCTION,
    "加工使用": Activity.PROCESSING_USE,
    "使用": Activity.PROCESSING_USE,
    "进口": Activity.IMPORT,
    "出口": Activity.EXPORT,
}
ROUTE_ALIASES = {
    "排入污水管网": TransferRoute.SEWER,
    "危险废物": TransferRoute.HAZARDOUS_WASTE,
    "回收利用": TransferRoute.RECYCLING,
    "其他": TransferRoute.OTHER,
}


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def validate_line(
    data: LineInput, *, position: int, campaign: Campaign, resolver: Resolver
) -> tuple[ReportLine | None, list[LineProblem]]:
    """An unsaved :class:`ReportLine` from what was typed, or the problems that stop it."""
    problems: list[LineProblem] = []

    def bad(field_name: str, value, zh: str, en: str) -> None:
        problems.append(LineProblem(position, field_name, _text(value), zh, en))

    name, cas = _text(data.name), _text(data.cas)
    if not name and not cas:
        bad("name", "", "请填写物质名称或 CAS 号。", "Give the substance name or its CAS RN.")
    activity = _choice(data.activity, Activity, ACTIVITY_ALIASES)
    if not activity:
        bad(
            "activity",
            data.activity,
            "活动类型应为：生产、加工使用、进口、出口。",
            "The activity must be production, processing use, import or export.",
        )
    use_category = _choice(data.use_category, UseCategory)
    if use_category is None:
        bad("use_category", data.use_category, "未知的用途类别代码。", "Unknown use category.")
    function = _choice(data.function, ProcessFunction)
    if function is None:
        bad("function", data.function, "未知的工艺功能代码。", "Unknown function in process.")
    route = _choice(data.transfer_route, TransferRoute, ROUTE_ALIASES)
    if route is None:
        bad("transfer_route", data.transfer_route, "未知的转移去向。", "Unknown transfer route.")

    amounts: dict[str, float | None] = {}
    unit = _text(data.unit)
    for name_ in AMOUNT_FIELDS:
        raw = getattr(data, name_)
        if name_ != "quantity" and _text(raw) == "":
            amounts[name_] = None
            continue
        if name_ != "quantity" and not campaign.is_detailed:
            bad(
                name_,
                raw,
                "基本信息调查不填报排放与转移量，请留空。",
                "The basic survey does not ask for releases or transfers; leave this empty.",
            )
            continue
        try:
            value = parse_amount(raw)
        except AmountError as exc:
            bad(name_, raw, exc.reason_zh, exc.reason_en)
            continue
        if value < 0:
            bad(name_, raw, "数量不能为负。", "A quantity cannot be negative.")
            continue
        try:
            amounts[name_] = tonnes_per_year(value, unit)
        except UnitError as exc:
            if not any(p.field == "unit" for p in problems):
                bad("unit", unit, exc.reason_zh, exc.reason_en)
    if not campaign.is_detailed:
        for name_ in ("transfer_route", "treatment"):
            if _text(getattr(data, name_)):
                bad(
                    name_,
                    getattr(data, name_),
                    "基本信息调查不填报转移与处理信息，请留空。",
                    "The basic survey does not ask for transfers or treatment; leave this empty.",
                )

    substance, problem = (None, None)
    if name or cas:
        substance, problem = resolver(name, cas)
        if problem is not None:
            bad(problem[0], cas if problem[0] == "cas" else name, problem[1], problem[2])
    if problems:
        return None, problems
    if not name and isinstance(substance, Substance):
        name = substance.name_zh or substance.name_en
    line = ReportLine(
        position=position,
        substance=substance,
        name_given=name[:300],
        cas_given=(normalise_cas(cas) or cas)[:30],
        resolution=Resolution.MATCHED if substance else Resolution.UNRESOLVED,
        activity=activity,
        quantity_t=amounts["quantity"],
        quantity_given=f"{_text(data.quantity)} {unit}".strip()[:60],
        use_category=use_category or "",
        function=function or "",
        use_description=_text(data.use_description)[:300],
        release_air_t=amounts.get("release_air"),
        release_water_t=amounts.get("release_water"),
        release_soil_t=amounts.get("release_soil"),
        waste_t=amounts.get("waste"),
        transfer_t=amounts.get("transfer"),
        transfer_route=route or "",
        treatment=_text(data.treatment)[:200],
        note=_text(data.note)[:500],
    )
    return line, []


def field_label(name: str) -> str:
    """The label of a line field in the user's language, for messages."""
    labels = {
        "name": _("Substance name"),
        "cas": _("CAS RN"),
        "activity": _("Activity"),
        "quantity": _("Quantity"),
        "unit": _("Unit"),
        "use_category": _("Use category"),
        "function": _("Function in process"),
        "use_description": _("Use as described"),
        "release_air": _("Release to air"),
        "release_water": _("Release to water"),
        "release_soil": _("Release to soil"),
        "waste": _("To waste"),
        "transfer": _("Transferred off site"),
        "transfer_route": _("Transfer route"),
        "treatment": _("Treatment"),
        "note": _("Note"),
    }
    return str(labels.get(name, name))
