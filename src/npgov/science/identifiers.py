"""Validation of CAS Registry Numbers, unified social credit codes and administrative divisions.

Every validator returns an :class:`IdentifierCheck` with a machine reason code and complete
Chinese and English sentences; nothing here reads files, so reference registers are passed in.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Container, Mapping
from dataclasses import dataclass

__all__ = [
    "KINDS",
    "PROVINCE_CODES",
    "USCC_AUTHORITIES",
    "USCC_CHARSET",
    "USCC_WEIGHTS",
    "IdentifierCheck",
    "cas_check",
    "cas_check_digit",
    "check",
    "division_check",
    "uscc_check",
    "uscc_check_character",
]

#: Identifier kinds understood by :func:`check`.
KINDS: tuple[str, ...] = ("cas", "uscc", "division")

# Longest rendering of a user-supplied value inside a reason sentence.
_MAX_SHOWN = 40

# Dash-like characters that NFKC leaves alone but users paste in place of "-".
_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"))

_CAS_HYPHENATED = re.compile(r"([0-9]{2,7})-([0-9]{2})-([0-9])")
_CAS_PLAIN = re.compile(r"[0-9]{5,10}")
_ASCII_DIGITS = frozenset("0123456789")

#: The 31 characters of GB 32100-2015 in value order 0..30 (I, O, Z, S and V are not used).
USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_VALUE = {char: index for index, char in enumerate(USCC_CHARSET)}
_USCC_MODULUS = len(USCC_CHARSET)

#: Weights of positions 1..17, 3 ** (i - 1) mod 31.
USCC_WEIGHTS: tuple[int, ...] = tuple(pow(3, i, _USCC_MODULUS) for i in range(17))

#: Registration-management authority code (position 1) -> (Chinese name, English name,
#: organisation-type codes allowed in position 2). Source: GB 32100-2015 Table 1 and later
#: code assignments published by the national credit code centre.
USCC_AUTHORITIES: dict[str, tuple[str, str, frozenset[str]]] = {
    # Entries defined in GB 32100-2015 Table 1.
    "1": ("机构编制", "institutional establishment", frozenset("1239")),
    "5": ("民政", "civil affairs", frozenset("1239")),
    "9": ("工商（市场监管）", "industry and commerce (market regulation)", frozenset("123")),
    "Y": ("其他", "other", frozenset("1")),
    # Entries assigned after the 2015 standard.
    "2": ("外交", "foreign affairs", frozenset("19")),
    "3": ("司法行政", "judicial administration", frozenset("123459")),
    "4": ("文化", "culture", frozenset("19")),
    # Tourism: 1 foreign tourism offices, 2 Hong Kong/Macao/Taiwan tourism offices, 9 other.
    # Religious affairs: 1 venues for religious activities, 2 religious schools, 9 other.
    # The published assignment lists give no type 3 for either authority.
    "6": ("旅游", "tourism", frozenset("129")),
    "7": ("宗教", "religious affairs", frozenset("129")),
    "8": ("工会", "trade unions", frozenset("19")),
    "A": (
        "中央军委改革和编制办公室",
        "Central Military Commission reform and establishment office",
        frozenset("19"),
    ),
    "N": ("农业", "agriculture", frozenset("1239")),
}

#: The 34 provincial-level prefixes of GB/T 2260 (31 provinces, Taiwan, Hong Kong, Macao).
PROVINCE_CODES: frozenset[str] = frozenset(
    [f"{n}" for n in range(11, 16)]
    + [f"{n}" for n in range(21, 24)]
    + [f"{n}" for n in range(31, 38)]
    + [f"{n}" for n in range(41, 47)]
    + [f"{n}" for n in range(50, 55)]
    + [f"{n}" for n in range(61, 66)]
    + ["71", "81", "82"]
)

# Registration authorities at national level use this pseudo-division in USCC positions 3-8.
_NATIONAL_DIVISION = "100000"


@dataclass(frozen=True)
class IdentifierCheck:
    """Outcome of validating one identifier.

    Attributes
    ----------
    kind : str
        ``"cas"``, ``"uscc"`` or ``"division"``.
    value : str
        The input exactly as given.
    valid : bool
        Whether the identifier passed every check.
    normalized : str or None
        Canonical form when valid (CAS ``"50-00-0"``, USCC 18 upper-case characters,
        division 6 digits), else ``None``.
    code : str
        Machine reason code: ``"ok"`` when valid, otherwise for example ``"empty"``,
        ``"charset"``, ``"format"``, ``"length"``, ``"check_digit"``, ``"authority"``,
        ``"type"``, ``"division"``, ``"province"``, ``"structure"`` or ``"unknown_division"``.
    reason_zh : str
        Complete Chinese sentence naming the value and the verdict.
    reason_en : str
        The same sentence in English.

    References
    ----------
    .. [1] GB 32100-2015, Coding rule of the unified social credit identifier for legal
       entities and other organizations.
    .. [2] GB/T 2260-2007, Codes for the administrative divisions of the People's Republic
       of China.
    """

    kind: str
    value: str
    valid: bool
    normalized: str | None
    code: str
    reason_zh: str
    reason_en: str

    def as_dict(self) -> dict[str, str | bool | None]:
        """Return the check as a JSON-ready dictionary.

        Returns
        -------
        dict
            Keys ``kind``, ``value``, ``valid``, ``normalized``, ``code``, ``reason_zh`` and
            ``reason_en``.

        References
        ----------
        .. [1] ECMA-404, The JSON data interchange syntax, 2nd edition (2017), clause 5.
        """
        return {
            "kind": self.kind,
            "value": self.value,
            "valid": self.valid,
            "normalized": self.normalized,
            "code": self.code,
            "reason_zh": self.reason_zh,
            "reason_en": self.reason_en,
        }


def _require_str(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"identifier value must be str, not {type(value).__name__}")
    return value


def _shown(text: str) -> str:
    """Render user input for a reason sentence: escape non-printables, cap the length."""
    rendered = "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in text)
    if len(rendered) > _MAX_SHOWN:
        rendered = rendered[: _MAX_SHOWN - 1] + "…"
    return rendered


def _normalize(value: str) -> str:
    return unicodedata.normalize("NFKC", value).translate(_DASHES).strip()


# ---------------------------------------------------------------------------------------------
# CAS Registry Numbers
# ---------------------------------------------------------------------------------------------


def cas_check_digit(body: str) -> int:
    """Compute the check digit of a CAS Registry Number.

    Parameters
    ----------
    body : str
        The digits before the check digit, e.g. ``"176323"`` or ``"1763-23"``; hyphens are
        ignored.

    Returns
    -------
    int
        The check digit 0..9: the sum of each digit times its position counted from the right
        (1, 2, 3, ...), modulo 10.

    Raises
    ------
    ValueError
        If ``body`` contains no digits or a character other than ASCII digits and hyphens.

    References
    ----------
    .. [1] Chemical Abstracts Service, "CAS Registry Number", check-digit verification rule
       (https://www.cas.org/cas-data/cas-registry).
    """
    digits = body.replace("-", "")
    if not digits or not set(digits) <= _ASCII_DIGITS:
        raise ValueError(f"CAS body must be ASCII digits (hyphens allowed), got {body!r}")
    return sum(weight * int(d) for weight, d in enumerate(reversed(digits), start=1)) % 10


def _cas_result(
    value: str, valid: bool, normalized: str | None, code: str, zh: str, en: str
) -> IdentifierCheck:
    return IdentifierCheck("cas", value, valid, normalized, code, zh, en)


def cas_check(value: str) -> IdentifierCheck:
    """Validate a CAS Registry Number.

    The input is NFKC-normalised (full-width digits and hyphens become ASCII) and stripped.
    Accepted forms are ``NNNNNNN-NN-N`` with 2-7 digits in the first part and no leading zero,
    or the same digits without hyphens (5-10 digits).

    Parameters
    ----------
    value : str
        The CAS RN as entered.

    Returns
    -------
    IdentifierCheck
        ``kind="cas"``; ``normalized`` is the hyphenated form when valid. Codes: ``"ok"``,
        ``"empty"``, ``"charset"``, ``"format"``, ``"check_digit"``.

    Raises
    ------
    TypeError
        If ``value`` is not a string.

    References
    ----------
    .. [1] Chemical Abstracts Service, "CAS Registry Number", format and check-digit
       verification rule (https://www.cas.org/cas-data/cas-registry).

    Examples
    --------
    >>> cas_check("1763-23-1").valid
    True
    >>> cas_check("1763-23-2").reason_en
    'CAS RN "1763-23-2": the check digit should be 1, not 2.'
    """
    value = _require_str(value)
    text = _normalize(value)
    shown = _shown(text)
    if not text:
        return _cas_result(
            value, False, None, "empty", "CAS 号输入为空。", "The CAS RN input is empty."
        )
    if not set(text) <= _ASCII_DIGITS | {"-"}:
        return _cas_result(
            value,
            False,
            None,
            "charset",
            f'CAS 号 "{shown}" 含有数字和连字符以外的字符。',
            f'CAS RN "{shown}" contains characters other than digits and hyphens.',
        )
    match = _CAS_HYPHENATED.fullmatch(text)
    if match is not None:
        first, second, check_char = match.groups()
    elif _CAS_PLAIN.fullmatch(text):
        first, second, check_char = text[:-3], text[-3:-1], text[-1]
    else:
        return _cas_result(
            value,
            False,
            None,
            "format",
            f'CAS 号 "{shown}" 格式不正确，应为 2–7 位数字、连字符、2 位数字、连字符和 1 位校验位'
            "（例如 50-00-0）。",
            f'CAS RN "{shown}" is malformed: expected 2-7 digits, a hyphen, 2 digits, a hyphen '
            "and 1 check digit (e.g. 50-00-0).",
        )
    if first.startswith("0"):
        return _cas_result(
            value,
            False,
            None,
            "format",
            f'CAS 号 "{shown}" 的第一段 "{first}" 不能以 0 开头。',
            f'CAS RN "{shown}": the first part "{first}" must not start with 0.',
        )
    expected = cas_check_digit(first + second)
    actual = int(check_char)
    if expected != actual:
        return _cas_result(
            value,
            False,
            None,
            "check_digit",
            f'CAS 号 "{shown}" 的校验位应为 {expected}，实际为 {actual}。',
            f'CAS RN "{shown}": the check digit should be {expected}, not {actual}.',
        )
    normalized = f"{first}-{second}-{check_char}"
    return _cas_result(
        value,
        True,
        normalized,
        "ok",
        f'CAS 号 "{shown}" 有效，规范形式为 {normalized}。',
        f'CAS RN "{shown}" is valid; its canonical form is {normalized}.',
    )


# ---------------------------------------------------------------------------------------------
# Administrative divisions (GB/T 2260)
# ---------------------------------------------------------------------------------------------


def _division_structure(code: str) -> tuple[str, str, str] | None:
    """Check a 6-digit string structurally; return (code, zh clause, en clause) on failure."""
    if code[:2] not in PROVINCE_CODES:
        return (
            "province",
            f'前两位 "{code[:2]}" 不是省级行政区代码',
            f'the first two digits "{code[:2]}" are not a provincial-level code',
        )
    if code[2:4] == "00" and code[4:6] != "00":
        return (
            "structure",
            f'地级部分为 "00" 时县级部分也应为 "00"，实际为 "{code[4:6]}"',
            f'the county part must be "00" when the prefecture part is "00", not "{code[4:6]}"',
        )
    return None


def _in_register(code: str, known: Container[str]) -> bool:
    try:
        return code in known
    except TypeError:
        return False


def division_check(
    value: str,
    *,
    known: Mapping[str, str] | Container[str] | None = None,
) -> IdentifierCheck:
    """Validate a six-digit administrative division code.

    The first two digits must be one of the 34 provincial-level codes; digits 3-4 (prefecture
    level) and 5-6 (county level) are two-digit numbers, and a county part other than ``"00"``
    requires a prefecture part other than ``"00"``. Because codes are retired and reassigned,
    the structural check cannot prove that a code exists; pass ``known`` for that.

    Parameters
    ----------
    value : str
        The code as entered; NFKC-normalised and stripped before checking.
    known : Mapping[str, str] or Container[str], optional
        Register of codes in use. When given, the code must be in it; if it is a mapping, its
        value (the division name) is quoted in the reason text.

    Returns
    -------
    IdentifierCheck
        ``kind="division"``. Codes: ``"ok"``, ``"empty"``, ``"charset"``, ``"length"``,
        ``"province"``, ``"structure"``, ``"unknown_division"``.

    Raises
    ------
    TypeError
        If ``value`` is not a string.

    References
    ----------
    .. [1] GB/T 2260-2007, Codes for the administrative divisions of the People's Republic of
       China, code structure (province, prefecture and county levels, two digits each).
    """
    value = _require_str(value)
    text = _normalize(value)
    shown = _shown(text)

    def result(valid: bool, code: str, zh: str, en: str) -> IdentifierCheck:
        return IdentifierCheck("division", value, valid, text if valid else None, code, zh, en)

    if not text:
        return result(False, "empty", "行政区划代码输入为空。", "The division code input is empty.")
    if not set(text) <= _ASCII_DIGITS:
        return result(
            False,
            "charset",
            f'行政区划代码 "{shown}" 只能由数字组成。',
            f'Division code "{shown}" must consist of digits only.',
        )
    if len(text) != 6:
        return result(
            False,
            "length",
            f'行政区划代码 "{shown}" 应为 6 位数字，实际为 {len(text)} 位。',
            f'Division code "{shown}" must have 6 digits, not {len(text)}.',
        )
    problem = _division_structure(text)
    if problem is not None:
        code, zh, en = problem
        return result(
            False,
            code,
            f'行政区划代码 "{shown}" 无效：{zh}。',
            f'Division code "{shown}" is invalid: {en}.',
        )
    if known is not None and not _in_register(text, known):
        return result(
            False,
            "unknown_division",
            f'行政区划代码 "{shown}" 结构正确，但不在已知行政区划代码表中。',
            f'Division code "{shown}" is well formed but not in the register of known divisions.',
        )
    name = known.get(text) if isinstance(known, Mapping) else None
    if name:
        return result(
            True,
            "ok",
            f'行政区划代码 "{shown}"（{name}）有效。',
            f'Division code "{shown}" ({name}) is valid.',
        )
    return result(
        True, "ok", f'行政区划代码 "{shown}" 有效。', f'Division code "{shown}" is valid.'
    )


# ---------------------------------------------------------------------------------------------
# Unified social credit codes (GB 32100-2015)
# ---------------------------------------------------------------------------------------------


def uscc_check_character(first17: str) -> str:
    """Compute the check character (position 18) of a unified social credit code.

    Parameters
    ----------
    first17 : str
        The first 17 characters; lower-case letters are accepted and upper-cased.

    Returns
    -------
    str
        The character of value ``31 - (sum mod 31)`` in :data:`USCC_CHARSET`, where the sum
        runs over character values times the weights ``3 ** (i - 1) mod 31`` and a result of
        31 maps to ``"0"``.

    Raises
    ------
    ValueError
        If ``first17`` is not 17 characters long or contains a character outside the
        31-character set.

    References
    ----------
    .. [1] GB 32100-2015, Coding rule of the unified social credit identifier for legal
       entities and other organizations, check-character calculation (weighted sum
       modulo 31 over the 31-character set).
    """
    body = first17.upper()
    if len(body) != 17:
        raise ValueError(f"expected 17 characters, got {len(body)}")
    bad = [ch for ch in body if ch not in _USCC_VALUE]
    if bad:
        raise ValueError(f"characters outside the GB 32100 character set: {''.join(bad)!r}")
    total = sum(_USCC_VALUE[ch] * w for ch, w in zip(body, USCC_WEIGHTS, strict=True))
    return USCC_CHARSET[(_USCC_MODULUS - total % _USCC_MODULUS) % _USCC_MODULUS]


def uscc_check(
    value: str,
    *,
    known_divisions: Container[str] | None = None,
) -> IdentifierCheck:
    """Validate an 18-character unified social credit code (统一社会信用代码).

    Checks, in order: length; character set; position 1 registration-management authority;
    position 2 organisation type allowed for that authority; positions 3-8 administrative
    division (structurally, ``"100000"`` being accepted for national-level authorities, and
    against ``known_divisions`` when given); position 18 check character. Positions 9-17 (the
    organisation code body) are only checked against the character set; the separate GB 11714
    check digit at position 17 is not verified.

    Parameters
    ----------
    value : str
        The code as entered; NFKC-normalised, stripped and upper-cased before checking.
    known_divisions : Container[str], optional
        Register of division codes in use for positions 3-8.

    Returns
    -------
    IdentifierCheck
        ``kind="uscc"``. Codes: ``"ok"``, ``"empty"``, ``"length"``, ``"charset"``,
        ``"authority"``, ``"type"``, ``"division"``, ``"unknown_division"``, ``"check_digit"``.

    Raises
    ------
    TypeError
        If ``value`` is not a string.

    References
    ----------
    .. [1] GB 32100-2015, Coding rule of the unified social credit identifier for legal
       entities and other organizations, code structure, Table 1 and check-character
       calculation.
    .. [2] GB 32100-2015 Table 1 and later code assignments published by the national credit
       code centre (authority codes 2, 3, 4, 6, 7, 8, A, N).
    .. [3] GB/T 2260-2007, Codes for the administrative divisions of the People's Republic of
       China.
    .. [4] GB 11714-1997, Rules of coding for the representation of organizations (body of
       positions 9-17; its own check digit is not verified here).
    """
    value = _require_str(value)
    text = _normalize(value).upper()
    shown = _shown(text)
    label_zh = f'统一社会信用代码 "{shown}"'
    label_en = f'Unified social credit code "{shown}"'

    def fail(code: str, zh: str, en: str) -> IdentifierCheck:
        return IdentifierCheck(
            "uscc", value, False, None, code, f"{label_zh}{zh}", f"{label_en}{en}"
        )

    if not text:
        return IdentifierCheck(
            "uscc",
            value,
            False,
            None,
            "empty",
            "统一社会信用代码输入为空。",
            "The unified social credit code input is empty.",
        )
    if len(text) != 18:
        return fail(
            "length",
            f"应为 18 位，实际为 {len(text)} 位。",
            f" must have 18 characters, not {len(text)}.",
        )
    for position, ch in enumerate(text, start=1):
        if ch not in _USCC_VALUE:
            return fail(
                "charset",
                f'的第 {position} 位 "{_shown(ch)}" 不是允许的字符'
                "（只允许数字和除 I、O、Z、S、V 以外的大写字母）。",
                f': character {position} ("{_shown(ch)}") is not allowed (only digits and '
                "upper-case letters other than I, O, Z, S and V).",
            )
    authority, org_type, division = text[0], text[1], text[2:8]
    entry = USCC_AUTHORITIES.get(authority)
    if entry is None:
        return fail(
            "authority",
            f'的第 1 位登记管理部门代码 "{authority}" 不存在。',
            f': the registration authority code "{authority}" (position 1) does not exist.',
        )
    name_zh, name_en, types = entry
    if org_type not in types:
        allowed = sorted(types)
        return fail(
            "type",
            f'的第 2 位机构类别代码 "{org_type}" 不适用于登记管理部门 "{authority}"（{name_zh}），'
            f"允许的类别为 {'、'.join(allowed)}。",
            f': the organisation type code "{org_type}" (position 2) is not allowed for '
            f'registration authority "{authority}" ({name_en}); allowed types are '
            f"{', '.join(allowed)}.",
        )
    if division != _NATIONAL_DIVISION:
        if not set(division) <= _ASCII_DIGITS:
            return fail(
                "division",
                f'的第 3–8 位 "{division}" 不是行政区划代码：只能由数字组成。',
                f': positions 3-8 ("{division}") are not a division code: digits only.',
            )
        problem = _division_structure(division)
        if problem is not None:
            _, zh, en = problem
            return fail(
                "division",
                f'的第 3–8 位 "{division}" 不是有效的行政区划代码：{zh}。',
                f': positions 3-8 ("{division}") are not a valid division code: {en}.',
            )
        if known_divisions is not None and not _in_register(division, known_divisions):
            return fail(
                "unknown_division",
                f'的第 3–8 位行政区划代码 "{division}" 不在已知行政区划代码表中。',
                f': the division code "{division}" (positions 3-8) is not in the register of '
                "known divisions.",
            )
    expected = uscc_check_character(text[:17])
    if expected != text[17]:
        return fail(
            "check_digit",
            f"的校验码应为 {expected}，实际为 {text[17]}。",
            f": the check character should be {expected}, not {text[17]}.",
        )
    return IdentifierCheck(
        "uscc",
        value,
        True,
        text,
        "ok",
        f"{label_zh}有效。",
        f"{label_en} is valid.",
    )


# ---------------------------------------------------------------------------------------------
# Dispatch
# ---------------------------------------------------------------------------------------------

_VALIDATORS: dict[str, Callable[..., IdentifierCheck]] = {
    "cas": cas_check,
    "uscc": uscc_check,
    "division": division_check,
}


def check(kind: str, value: str, **kwargs: object) -> IdentifierCheck:
    """Validate ``value`` as an identifier of the given kind.

    Parameters
    ----------
    kind : str
        One of :data:`KINDS` (case-insensitive, surrounding whitespace ignored).
    value : str
        The identifier as entered.
    **kwargs
        Passed to the validator: ``known_divisions`` for ``"uscc"``, ``known`` for
        ``"division"``.

    Returns
    -------
    IdentifierCheck
        The validator's result.

    Raises
    ------
    ValueError
        If ``kind`` is not one of :data:`KINDS`.
    TypeError
        If a keyword argument is not accepted by the validator or ``value`` is not a string.

    References
    ----------
    .. [1] Chemical Abstracts Service, "CAS Registry Number", check-digit verification rule.
    .. [2] GB 32100-2015, Coding rule of the unified social credit identifier for legal
       entities and other organizations.
    .. [3] GB/T 2260-2007, Codes for the administrative divisions of the People's Republic of
       China.
    """
    validator = _VALIDATORS.get(kind.strip().lower()) if isinstance(kind, str) else None
    if validator is None:
        raise ValueError(f"unknown identifier kind {kind!r}; expected one of {', '.join(KINDS)}")
    return validator(value, **kwargs)
