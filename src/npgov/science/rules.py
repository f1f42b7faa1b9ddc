"""Rule evaluation for controlled-substance lists: what a list's measures decide for one activity.

Measures (prohibitions, exemptions with end dates, banned uses, permits, content limits) are
passed in as data; :func:`evaluate` combines those in force on a given date into one decision.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

__all__ = [
    "ACTIVITIES",
    "ACTIVITY_LABELS",
    "DECISIONS",
    "MEASURE_KINDS",
    "SEVERITY",
    "Decision",
    "FiredRule",
    "Limit",
    "Measure",
    "RuleError",
    "UseSpec",
    "evaluate",
    "match_use",
]

#: Activities a measure can govern.
ACTIVITIES: tuple[str, ...] = (
    "production",
    "processing_use",
    "import",
    "export",
    "use_in_products",
    "emission",
    "waste_handling",
)

#: Kinds of measure a list can set for one activity.
MEASURE_KINDS: tuple[str, ...] = (
    "prohibited",
    "prohibited_except_exemptions",
    "restricted",
    "permit_required",
    "limit",
    "not_prohibited",
)

#: Decisions :func:`evaluate` can give.
DECISIONS: tuple[str, ...] = (
    "prohibited",
    "permitted_under_exemption",
    "restricted",
    "limit",
    "not_regulated",
)

#: Severity used to combine several rules; the highest number wins.
SEVERITY: dict[str, int] = {
    "prohibited": 4,
    "permitted_under_exemption": 3,
    "limit": 2,
    "restricted": 1,
    "not_regulated": 0,
}

#: Activity code -> (English noun phrase, Chinese verb phrase) used in reason sentences.
ACTIVITY_LABELS: dict[str, tuple[str, str]] = {
    "production": ("Production", "生产"),
    "processing_use": ("Processing use", "加工使用"),
    "import": ("Import", "进口"),
    "export": ("Export", "出口"),
    "use_in_products": ("Use in products", "在产品中使用"),
    "emission": ("Emission", "排放"),
    "waste_handling": ("Waste handling", "废物处理处置"),
}

# Longest rendering of a user-supplied value inside a reason sentence.
_MAX_SHOWN = 40

# Characters removed (after NFKC) before use texts are compared.
_IGNORED_IN_USE_TEXT = frozenset("()（）、，,。；;")


class RuleError(ValueError):
    """An argument or measure that the evaluator cannot work with.

    Parameters
    ----------
    code : str
        Machine reason code, e.g. ``"activity"``, ``"date"``, ``"use"``, ``"product"``,
        ``"kind"``, ``"period"`` or ``"measure"``.
    value : object
        The offending value.
    reason_zh : str
        Complete Chinese sentence.
    reason_en : str
        The same sentence in English.

    References
    ----------
    .. [1] Python Software Foundation, *The Python Standard Library*, "Built-in Exceptions:
       ValueError".
    """

    def __init__(self, code: str, value: object, reason_zh: str, reason_en: str) -> None:
        super().__init__(f"{reason_en} {reason_zh}")
        self.code = code
        self.value = value
        self.reason_zh = reason_zh
        self.reason_en = reason_en

    def as_dict(self) -> dict[str, str | int | float | bool | None]:
        """Return the error as a JSON-ready dictionary.

        Returns
        -------
        dict
            Keys ``code``, ``value`` (rendered with :func:`str` unless it is a JSON scalar),
            ``reason_zh`` and ``reason_en``.

        References
        ----------
        .. [1] ECMA-404, The JSON data interchange syntax, 2nd edition (2017), clause 5.
        """
        value = self.value
        if not (value is None or isinstance(value, str | int | float | bool)):
            value = str(value)
        return {
            "code": self.code,
            "value": value,
            "reason_zh": self.reason_zh,
            "reason_en": self.reason_en,
        }


def _shown(value: object) -> str:
    """Render a user-supplied value for a reason sentence, shortened if long."""
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 1] + "…"


def _iso(day: date | None) -> str | None:
    """ISO 8601 calendar date, or ``None``."""
    return None if day is None else day.isoformat()


def _zh_date(day: date) -> str:
    """Chinese calendar date, e.g. ``2023年12月31日``."""
    return f"{day.year}年{day.month}月{day.day}日"


def _check_date(value: object, code: str, what_en: str, what_zh: str, optional: bool) -> None:
    """Raise :class:`RuleError` unless ``value`` is a calendar date (or ``None`` if optional)."""
    if optional and value is None:
        return
    if isinstance(value, date) and not isinstance(value, datetime):
        return
    raise RuleError(
        code,
        value,
        f"{what_zh}必须是日期（datetime.date，不含时刻），收到“{_shown(value)}”。",
        f"{what_en} must be a calendar date (datetime.date without a time), got '{_shown(value)}'.",
    )


def _activity_list_en() -> str:
    return ", ".join(ACTIVITIES)


def _activity_list_zh() -> str:
    return "、".join(f"{ACTIVITY_LABELS[a][1]}（{a}）" for a in ACTIVITIES)


def _check_activity(activity: object) -> str:
    """Return ``activity`` if it is one of :data:`ACTIVITIES`, else raise :class:`RuleError`."""
    if isinstance(activity, str) and activity in ACTIVITIES:
        return activity
    raise RuleError(
        "activity",
        activity,
        f"未知的活动类型“{_shown(activity)}”；有效的活动类型为：{_activity_list_zh()}。",
        f"Unknown activity '{_shown(activity)}'; valid activities are: {_activity_list_en()}.",
    )


@dataclass(frozen=True)
class UseSpec:
    """An exempted use or a banned use, as a list writes it.

    Attributes
    ----------
    code : str
        Platform code, e.g. ``"pfos.fire_fighting_foam"``.
    text_zh : str
        The list's Chinese wording, e.g. ``"用于生产灭火泡沫药剂"``.
    text_en : str
        English rendering (may be empty).
    until : datetime.date or None
        Last day (inclusive) of an exemption; ``None`` when the list states no end date.

    References
    ----------
    .. [1] 生态环境部等六部门令第28号《重点管控新污染物清单（2023年版）》, 2022-12-29.
    """

    code: str
    text_zh: str
    text_en: str = ""
    until: date | None = None

    def __post_init__(self) -> None:
        _check_date(self.until, "date", "UseSpec.until", "用途的截止日期", optional=True)


@dataclass(frozen=True)
class Limit:
    """A content limit in products, as set by a national standard.

    Attributes
    ----------
    value : float
        Limit value.
    unit : str
        Unit, e.g. ``"% by mass"`` or ``"mg/kg"``.
    basis : str
        What is summed or measured, e.g. ``"sum of DCM, TCM, TCE, PCE"``.
    product : str
        Product category code, dot-separated from general to specific, e.g.
        ``"cleaning_agent.water_based"``; empty when the limit covers every product.
    standard : str
        Standard that sets the limit, e.g. ``"GB 38508-2020"``.

    References
    ----------
    .. [1] GB 38508-2020, 清洗剂挥发性有机化合物含量限值 (Limits of volatile organic
       compounds content in cleaning agents).
    """

    value: float
    unit: str
    basis: str = ""
    product: str = ""
    standard: str = ""

    def as_dict(self) -> dict[str, float | str]:
        """Return the limit as a JSON-ready dictionary.

        Returns
        -------
        dict
            Keys ``value``, ``unit``, ``basis``, ``product`` and ``standard``.

        References
        ----------
        .. [1] ECMA-404, The JSON data interchange syntax, 2nd edition (2017), clause 5.
        """
        return {
            "value": self.value,
            "unit": self.unit,
            "basis": self.basis,
            "product": self.product,
            "standard": self.standard,
        }


@dataclass(frozen=True)
class Measure:
    """One measure of one list entry for one activity over one period.

    Attributes
    ----------
    key : str
        Unique identifier, e.g. ``"KCNP2023-1-processing_use"``.
    list_code : str
        Code of the list, e.g. ``"KCNP-2023"``.
    list_name_zh : str
        Chinese title of the list.
    entry : str
        Entry label, e.g. ``"1"`` or ``"14-1"``.
    entry_name_zh : str
        Chinese name of the entry.
    activity : str
        One of :data:`ACTIVITIES`.
    kind : str
        One of :data:`MEASURE_KINDS`.
    effective_from, effective_until : datetime.date or None
        Inclusive bounds of the period in which the measure is in force; ``None`` is open.
    exemptions : tuple of UseSpec
        Exempted uses, for kind ``"prohibited_except_exemptions"``.
    banned_uses : tuple of UseSpec
        Uses that are prohibited, for kind ``"restricted"``.
    limits : tuple of Limit
        Content limits, for kind ``"limit"``.
    source : str
        Citation of the legal text.
    provisional : bool
        ``True`` when the record has not been confirmed against the legal text.
    note_zh, note_en : str
        Free notes.

    Raises
    ------
    RuleError
        With code ``"activity"``, ``"kind"``, ``"date"`` or ``"period"`` when the activity or
        kind is unknown, a bound is not a date, or ``effective_from`` is after
        ``effective_until``.

    References
    ----------
    .. [1] 生态环境部等六部门令第28号《重点管控新污染物清单（2023年版）》, 2022-12-29, in force
       2023-03-01.
    """

    key: str
    list_code: str
    list_name_zh: str
    entry: str
    entry_name_zh: str
    activity: str
    kind: str
    effective_from: date | None = None
    effective_until: date | None = None
    exemptions: tuple[UseSpec, ...] = ()
    banned_uses: tuple[UseSpec, ...] = ()
    limits: tuple[Limit, ...] = ()
    source: str = ""
    provisional: bool = False
    note_zh: str = ""
    note_en: str = ""

    def __post_init__(self) -> None:
        _check_activity(self.activity)
        if self.kind not in MEASURE_KINDS:
            raise RuleError(
                "kind",
                self.kind,
                f"措施“{_shown(self.key)}”的类型“{_shown(self.kind)}”未知；有效类型为："
                f"{'、'.join(MEASURE_KINDS)}。",
                f"Measure '{_shown(self.key)}' has unknown kind '{_shown(self.kind)}'; "
                f"valid kinds are: {', '.join(MEASURE_KINDS)}.",
            )
        _check_date(
            self.effective_from, "date", "Measure.effective_from", "措施的生效日期", optional=True
        )
        _check_date(
            self.effective_until, "date", "Measure.effective_until", "措施的截止日期", optional=True
        )
        if (
            self.effective_from is not None
            and self.effective_until is not None
            and self.effective_from > self.effective_until
        ):
            raise RuleError(
                "period",
                self.key,
                f"措施“{_shown(self.key)}”的生效日期{_zh_date(self.effective_from)}"
                f"晚于截止日期{_zh_date(self.effective_until)}。",
                f"Measure '{_shown(self.key)}' starts on {self.effective_from.isoformat()}, "
                f"after its end date {self.effective_until.isoformat()}.",
            )

    def in_force(self, on: date) -> bool:
        """Tell whether the measure is in force on a date.

        Parameters
        ----------
        on : datetime.date
            The date.

        Returns
        -------
        bool
            ``effective_from <= on <= effective_until``, a ``None`` bound being open.

        References
        ----------
        .. [1] ISO 8601-1:2019, Date and time — Representations for information interchange.
        """
        if self.effective_from is not None and on < self.effective_from:
            return False
        return self.effective_until is None or on <= self.effective_until


@dataclass(frozen=True)
class FiredRule:
    """What one measure decides on its own.

    Attributes
    ----------
    measure : Measure
        The measure.
    decision : str
        One of :data:`DECISIONS`.
    reason_en, reason_zh : str
        One sentence explaining the decision.
    until : datetime.date or None
        Last day this rule's decision holds as far as the rule states: the end of a matched
        exemption or the measure's ``effective_until``, whichever is earlier.
    limit : Limit or None
        The limit that applies, when exactly one of the measure's limits applies.
    matched_use : UseSpec or None
        The exemption or banned use that the given use matched.

    References
    ----------
    .. [1] 生态环境部等六部门令第28号《重点管控新污染物清单（2023年版）》, 2022-12-29.
    """

    measure: Measure
    decision: str
    reason_en: str
    reason_zh: str
    until: date | None = None
    limit: Limit | None = None
    matched_use: UseSpec | None = None

    def as_dict(self) -> dict[str, str | bool | None]:
        """Return the rule as a JSON-ready dictionary.

        Returns
        -------
        dict
            Keys ``list``, ``list_name_zh``, ``entry``, ``entry_name_zh``, ``measure`` (the
            measure key), ``kind``, ``decision``, ``reason_en``, ``reason_zh``, ``until`` (ISO
            8601 or ``None``), ``source`` and ``provisional``.

        References
        ----------
        .. [1] ECMA-404, The JSON data interchange syntax, 2nd edition (2017), clause 5.
        """
        measure = self.measure
        return {
            "list": measure.list_code,
            "list_name_zh": measure.list_name_zh,
            "entry": measure.entry,
            "entry_name_zh": measure.entry_name_zh,
            "measure": measure.key,
            "kind": measure.kind,
            "decision": self.decision,
            "reason_en": self.reason_en,
            "reason_zh": self.reason_zh,
            "until": _iso(self.until),
            "source": measure.source,
            "provisional": measure.provisional,
        }


@dataclass(frozen=True)
class Decision:
    """The combined decision of all measures in force for one activity on one date.

    Attributes
    ----------
    decision : str
        One of :data:`DECISIONS`: the most severe decision among ``rules``.
    activity : str
        The activity evaluated.
    on : datetime.date
        The date evaluated.
    use : str or None
        The use evaluated (stripped), ``None`` when none was given.
    until : datetime.date or None
        For ``"permitted_under_exemption"``, the earliest end among the rules that permit;
        otherwise the end of the deciding rules (``None`` if any of them is open-ended).
    rules : tuple of FiredRule
        Every measure that applied, most severe first (input order among equals).
    limits : tuple of Limit
        The limits of every rule that decided ``"limit"``.
    provisional : bool
        ``True`` if any rule giving the combined decision is provisional.

    References
    ----------
    .. [1] 生态环境部等六部门令第28号《重点管控新污染物清单（2023年版）》, 2022-12-29.
    """

    decision: str
    activity: str
    on: date
    use: str | None
    until: date | None
    rules: tuple[FiredRule, ...]
    limits: tuple[Limit, ...]
    provisional: bool

    def as_dict(self) -> dict[str, object]:
        """Return the decision as a JSON-ready dictionary.

        Returns
        -------
        dict
            Keys ``decision``, ``activity``, ``date`` (ISO 8601), ``use``, ``until`` (ISO 8601
            or ``None``), ``provisional``, ``limits`` (see :meth:`Limit.as_dict`) and ``rules``
            (see :meth:`FiredRule.as_dict`).

        References
        ----------
        .. [1] ECMA-404, The JSON data interchange syntax, 2nd edition (2017), clause 5.
        .. [2] ISO 8601-1:2019, Date and time — Representations for information interchange.
        """
        return {
            "decision": self.decision,
            "activity": self.activity,
            "date": self.on.isoformat(),
            "use": self.use,
            "until": _iso(self.until),
            "provisional": self.provisional,
            "limits": [limit.as_dict() for limit in self.limits],
            "rules": [rule.as_dict() for rule in self.rules],
        }


def _normalise_text(text: str) -> str:
    """NFKC, case-folded, without whitespace and the punctuation ignored in use texts."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in folded if not ch.isspace() and ch not in _IGNORED_IN_USE_TEXT)


def _normalise_words(text: str) -> str:
    """NFKC, case-folded, whitespace collapsed (for English texts)."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


#: Share of an exempted use's text that a partial quotation must cover to match it.
NEAR_QUOTE = 2 / 3


def match_use(
    use: str | None, specs: Iterable[UseSpec], *, lenient: bool = False
) -> UseSpec | None:
    """Find the exempted or banned use that a user's use corresponds to.

    Parameters
    ----------
    use : str or None
        A platform code (``"pfos.fire_fighting_foam"``, compared exactly, ignoring case) or a
        text as the list writes it (``"用于生产灭火泡沫药剂"``).
    specs : iterable of UseSpec
        Candidate uses, in the list's order.

    Returns
    -------
    UseSpec or None
        The first spec whose code equals ``use``, whose normalised Chinese text equals it, or
        whose English text equals it (ignoring case and spacing); failing that, with
        ``lenient=False`` (exemptions) the first spec whose text contains ``use`` as a
        near-complete quotation (at least ``NEAR_QUOTE`` of its length), and with
        ``lenient=True`` (banned uses) the first spec whose text, without its leading 禁止,
        contains ``use`` (two characters at least) or is contained in it.
        ``None`` when ``use`` is ``None``, blank or nothing matches.

    Raises
    ------
    RuleError
        With code ``"use"`` when ``use`` is neither a string nor ``None``.

    Notes
    -----
    Normalisation applies Unicode NFKC (so full-width brackets and commas become ASCII),
    case-folds, and removes whitespace and the characters ``（）()、，,。；;``. A short, vague
    text such as ``"生产"`` matches nothing: an exemption is granted only for the use the list
    names, never for a fragment of its wording.

    References
    ----------
    .. [1] Unicode Standard Annex #15, Unicode Normalization Forms (NFKC).
    .. [2] 生态环境部等六部门令第28号《重点管控新污染物清单（2023年版）》, 2022-12-29.
    """
    if use is None:
        return None
    if not isinstance(use, str):
        raise RuleError(
            "use",
            use,
            f"用途必须是文本，收到“{_shown(use)}”。",
            f"The use must be a text, got '{_shown(use)}'.",
        )
    code = use.strip().casefold()
    if not code:
        return None
    text = _normalise_text(use)
    words = _normalise_words(use)
    candidates = tuple(specs)
    for spec in candidates:
        if spec.code and spec.code.strip().casefold() == code:
            return spec
        if text and spec.text_zh and _normalise_text(spec.text_zh) == text:
            return spec
        if spec.text_en and _normalise_words(spec.text_en) == words:
            return spec
    if not text:
        return None
    for spec in candidates:
        spec_text = _strip_ban(_normalise_text(spec.text_zh))
        if not spec_text:
            continue
        if lenient:
            # A banned use is matched generously: naming part of it (脱漆剂) or stating it
            # with more words is enough to be refused.
            if len(text) >= 2 and (text in spec_text or spec_text in text):
                return spec
        elif text in spec_text and len(text) >= NEAR_QUOTE * len(spec_text):
            # An exemption is matched strictly: the listed wording or a near-complete
            # quotation of it, never a longer text that merely contains it (which may negate
            # it, as in 不用于胶卷的摄影涂料而用于…).
            return spec
    return None


def _strip_ban(text: str) -> str:
    """Banned uses are written as prohibitions (禁止用作…); compare the use itself."""
    return text[2:] if text.startswith("禁止") else text


def _use_en(spec: UseSpec) -> str:
    return spec.text_en or spec.text_zh


def _quoted_en(specs: Iterable[UseSpec]) -> str:
    return "; ".join(f"'{_use_en(spec)}'" for spec in specs)


def _quoted_zh(specs: Iterable[UseSpec]) -> str:
    return "；".join(f"“{spec.text_zh}”" for spec in specs)


def _until_en(day: date | None) -> str:
    return "" if day is None else f" until {day.isoformat()}"


def _until_zh(day: date | None) -> str:
    return "" if day is None else f"（至{_zh_date(day)}）"


def _earliest(*days: date | None) -> date | None:
    known = [day for day in days if day is not None]
    return min(known) if known else None


def _limit_en(limit: Limit) -> str:
    parts = [f"{limit.value:g} {limit.unit}".strip()]
    if limit.basis:
        parts.append(f"({limit.basis})")
    if limit.product:
        parts.append(f"for {limit.product}")
    if limit.standard:
        parts.append(f"under {limit.standard}")
    return " ".join(parts)


def _limit_zh(limit: Limit) -> str:
    text = f"{limit.value:g} {limit.unit}".strip()
    if limit.product:
        text = f"{limit.product}：{text}"
    notes = "，".join(part for part in (limit.basis, limit.standard) if part)
    return f"{text}（{notes}）" if notes else text


def _product_covers(limit_product: str, product: str) -> bool:
    """True when ``limit_product`` is empty, equal to ``product`` or a dotted prefix of it."""
    general = limit_product.strip().casefold()
    specific = product.strip().casefold()
    return not general or specific == general or specific.startswith(general + ".")


def _fire_prohibited(measure: Measure, en: str, zh: str) -> FiredRule:
    until = measure.effective_until
    return FiredRule(
        measure,
        "prohibited",
        f"{en} is prohibited{_until_en(until)}.",
        f"禁止{zh}{_until_zh(until)}。",
        until=until,
    )


def _fire_exemptions(measure: Measure, en: str, zh: str, use: str | None, on: date) -> FiredRule:
    spec = match_use(use, measure.exemptions)
    head_en = f"{en} is prohibited except for listed uses"
    head_zh = f"除豁免用途外禁止{zh}"
    if spec is not None and (spec.until is None or spec.until >= on):
        until = _earliest(spec.until, measure.effective_until)
        if spec.until is None:
            tail_en, tail_zh = "with no end date stated", "清单未规定豁免截止日期"
        else:
            tail_en, tail_zh = f"until {spec.until.isoformat()}", f"豁免期至{_zh_date(spec.until)}"
        return FiredRule(
            measure,
            "permitted_under_exemption",
            f"{head_en}; the use is covered by the exemption '{_use_en(spec)}' {tail_en}.",
            f"{head_zh}；该用途属于豁免用途“{spec.text_zh}”，{tail_zh}。",
            until=until,
            matched_use=spec,
        )
    until = measure.effective_until
    if spec is not None and spec.until is not None:
        return FiredRule(
            measure,
            "prohibited",
            f"{head_en}; the exemption '{_use_en(spec)}' ended on {spec.until.isoformat()}.",
            f"{head_zh}；豁免用途“{spec.text_zh}”已于{_zh_date(spec.until)}到期。",
            until=until,
            matched_use=spec,
        )
    if measure.exemptions:
        listed_en = f" ({_quoted_en(measure.exemptions)})"
        listed_zh = f"（{_quoted_zh(measure.exemptions)}）"
    else:
        listed_en = listed_zh = ""
    if use is None:
        tail_en, tail_zh = "no use was given", "未指明用途"
    else:
        tail_en = f"the use '{_shown(use)}' is not among them"
        tail_zh = f"用途“{_shown(use)}”不在其中"
    return FiredRule(
        measure,
        "prohibited",
        f"{head_en}{listed_en}; {tail_en}.",
        f"{head_zh}{listed_zh}；{tail_zh}。",
        until=until,
    )


def _fire_restricted(measure: Measure, en: str, zh: str, use: str | None) -> FiredRule:
    until = measure.effective_until
    spec = match_use(use, measure.banned_uses, lenient=True)
    if spec is not None:
        return FiredRule(
            measure,
            "prohibited",
            f"{en} is restricted{_until_en(until)} and the use '{_use_en(spec)}' is banned.",
            f"限制{zh}{_until_zh(until)}，且该用途属于禁止用途：{spec.text_zh}。",
            until=until,
            matched_use=spec,
        )
    if not measure.banned_uses:
        tail_en = tail_zh = ""
    elif use is None:
        tail_en = f"; banned uses: {_quoted_en(measure.banned_uses)}"
        tail_zh = f"；禁止用途：{_quoted_zh(measure.banned_uses)}"
    else:
        tail_en = f"; the use '{_shown(use)}' is not a banned use"
        tail_zh = f"；用途“{_shown(use)}”不属于禁止用途"
    return FiredRule(
        measure,
        "restricted",
        f"{en} is restricted{_until_en(until)}{tail_en}.",
        f"限制{zh}{_until_zh(until)}{tail_zh}。",
        until=until,
    )


def _fire_permit(measure: Measure, en: str, zh: str) -> FiredRule:
    until = measure.effective_until
    if measure.activity in ("import", "export"):
        reason_en = (
            f"{en} requires a permit (toxic chemical import/export environmental release "
            f"notice){_until_en(until)}."
        )
        reason_zh = f"{zh}须取得有毒化学品进（出）口环境管理放行通知单{_until_zh(until)}。"
    else:
        reason_en = f"{en} requires a permit{_until_en(until)}."
        reason_zh = f"{zh}须取得许可{_until_zh(until)}。"
    return FiredRule(measure, "restricted", reason_en, reason_zh, until=until)


def _fire_limit(
    measure: Measure, en: str, zh: str, product: str | None
) -> tuple[FiredRule, tuple[Limit, ...]]:
    until = measure.effective_until
    if product is None:
        kept = measure.limits
    else:
        kept = tuple(limit for limit in measure.limits if _product_covers(limit.product, product))
        if not kept:
            return (
                FiredRule(
                    measure,
                    "not_regulated",
                    f"No content limit of this measure covers product '{_shown(product)}'.",
                    f"本措施的含量限值不适用于产品类别“{_shown(product)}”。",
                    until=until,
                ),
                (),
            )
    if kept:
        values_en = "; ".join(_limit_en(limit) for limit in kept)
        values_zh = "；".join(_limit_zh(limit) for limit in kept)
    else:
        values_en, values_zh = "no value recorded", "未记录限值"
    return (
        FiredRule(
            measure,
            "limit",
            f"{en} is subject to content limits{_until_en(until)}: {values_en}.",
            f"{zh}须符合含量限值{_until_zh(until)}：{values_zh}。",
            until=until,
            limit=kept[0] if len(kept) == 1 else None,
        ),
        kept,
    )


def _fire(
    measure: Measure, use: str | None, product: str | None, on: date
) -> tuple[FiredRule, tuple[Limit, ...]]:
    """Decide one in-force measure on its own; also return the limits it contributes."""
    en, zh = ACTIVITY_LABELS[measure.activity]
    kind = measure.kind
    if kind == "prohibited":
        return _fire_prohibited(measure, en, zh), ()
    if kind == "prohibited_except_exemptions":
        return _fire_exemptions(measure, en, zh, use, on), ()
    if kind == "restricted":
        return _fire_restricted(measure, en, zh, use), ()
    if kind == "permit_required":
        return _fire_permit(measure, en, zh), ()
    if kind == "limit":
        return _fire_limit(measure, en, zh, product)
    until = measure.effective_until
    return (
        FiredRule(
            measure,
            "not_regulated",
            f"{en} is not prohibited{_until_en(until)}.",
            f"不禁止{zh}{_until_zh(until)}。",
            until=until,
        ),
        (),
    )


def _optional_text(value: object, code: str, what_en: str, what_zh: str) -> str | None:
    """Strip a text argument; ``None`` and blank give ``None``, other types raise."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise RuleError(
            code,
            value,
            f"{what_zh}必须是文本，收到“{_shown(value)}”。",
            f"{what_en} must be a text, got '{_shown(value)}'.",
        )
    return value.strip() or None


def _unique_measures(measures: Iterable[Measure]) -> list[Measure]:
    """Drop identical repeats; refuse non-measures and different measures sharing a key."""
    seen: dict[str, Measure] = {}
    unique: list[Measure] = []
    for measure in measures:
        if not isinstance(measure, Measure):
            raise RuleError(
                "measure",
                measure,
                f"期望 Measure 对象，收到“{_shown(measure)}”。",
                f"Expected a Measure, got '{_shown(measure)}'.",
            )
        previous = seen.get(measure.key)
        if previous is None:
            seen[measure.key] = measure
            unique.append(measure)
        elif previous != measure:
            raise RuleError(
                "measure",
                measure.key,
                f"两条不同的措施使用了同一标识“{_shown(measure.key)}”。",
                f"Two different measures share the key '{_shown(measure.key)}'.",
            )
    return unique


def evaluate(
    measures: Iterable[Measure],
    *,
    activity: str,
    on: date,
    use: str | None = None,
    product: str | None = None,
) -> Decision:
    """Combine the measures in force on a date into one decision for one activity.

    Parameters
    ----------
    measures : iterable of Measure
        Measures of every list that covers the substance; identical repeats are ignored.
    activity : str
        One of :data:`ACTIVITIES`.
    on : datetime.date
        The date of the activity.
    use : str or None
        The intended use, as a code or text (see :func:`match_use`); checked against
        exemptions and banned uses.
    product : str or None
        Product category code, dot-separated (``"cleaning_agent.water_based"``); selects the
        content limits that apply.

    Returns
    -------
    Decision
        ``"not_regulated"`` with no rules when no measure of ``activity`` is in force on
        ``on``; otherwise the most severe per-measure decision (prohibited >
        permitted_under_exemption > limit > restricted > not_regulated).

    Raises
    ------
    RuleError
        Code ``"activity"`` for an unknown activity (the message lists the valid ones in
        English and Chinese), ``"date"`` when ``on`` is not a ``datetime.date``, ``"use"`` or
        ``"product"`` for a non-text value, ``"measure"`` for a non-measure or for two
        different measures sharing a key.

    Notes
    -----
    Per measure: ``prohibited`` prohibits; ``prohibited_except_exemptions`` permits a use
    that matches an exemption still running on ``on`` and otherwise prohibits;
    ``restricted`` prohibits a matched banned use and otherwise restricts;
    ``permit_required`` restricts; ``limit`` keeps the limits whose product is empty, equal
    to ``product`` or a dotted prefix of it (all limits when ``product`` is ``None``) and
    gives ``"limit"``, or ``"not_regulated"`` when none is kept; ``not_prohibited`` gives
    ``"not_regulated"``.

    References
    ----------
    .. [1] 生态环境部等六部门令第28号《重点管控新污染物清单（2023年版）》, 2022-12-29, in force
       2023-03-01.
    .. [2] 《中国严格限制的有毒化学品名录》 and 《有毒化学品进出口环境管理放行通知单》 duty,
       Ministry of Ecology and Environment, Ministry of Commerce and General Administration
       of Customs.
    .. [3] GB 38508-2020, 清洗剂挥发性有机化合物含量限值.
    """
    activity = _check_activity(activity)
    _check_date(on, "date", "The date", "日期", optional=False)
    use = _optional_text(use, "use", "The use", "用途")
    product = _optional_text(product, "product", "The product category", "产品类别")

    fired: list[FiredRule] = []
    limits_by_rule: list[tuple[Limit, ...]] = []
    for measure in _unique_measures(measures):
        if measure.activity != activity or not measure.in_force(on):
            continue
        rule, kept = _fire(measure, use, product, on)
        fired.append(rule)
        limits_by_rule.append(kept)

    if not fired:
        return Decision("not_regulated", activity, on, use, None, (), (), False)

    combined = max((rule.decision for rule in fired), key=SEVERITY.__getitem__)
    winners = [rule for rule in fired if rule.decision == combined]
    if combined == "permitted_under_exemption":
        until = _earliest(*(rule.until for rule in winners))
    elif any(rule.until is None for rule in winners):
        until = None
    else:
        until = max(rule.until for rule in winners if rule.until is not None)

    limits: list[Limit] = []
    for rule, kept in zip(fired, limits_by_rule, strict=True):
        if rule.decision == "limit":
            limits.extend(limit for limit in kept if limit not in limits)

    ordered = tuple(sorted(fired, key=lambda rule: -SEVERITY[rule.decision]))
    return Decision(
        decision=combined,
        activity=activity,
        on=on,
        use=use,
        until=until,
        rules=ordered,
        limits=tuple(limits),
        provisional=any(rule.measure.provisional for rule in winners),
    )
