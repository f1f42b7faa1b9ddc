"""Tests for npgov.science.identifiers: CAS RN, USCC (GB 32100-2015) and GB/T 2260 checks."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from npgov.science.identifiers import (
    KINDS,
    USCC_AUTHORITIES,
    USCC_CHARSET,
    IdentifierCheck,
    cas_check,
    cas_check_digit,
    check,
    division_check,
    uscc_check,
    uscc_check_character,
)

# Beijing's 16 districts (GB/T 2260); 110103 (Chongwen), 110104 (Xuanwu) and 110110 are unused.
BEIJING_DISTRICTS = {
    "110101": "东城区",
    "110102": "西城区",
    "110105": "朝阳区",
    "110106": "丰台区",
    "110107": "石景山区",
    "110108": "海淀区",
    "110109": "门头沟区",
    "110111": "房山区",
    "110112": "通州区",
    "110113": "顺义区",
    "110114": "昌平区",
    "110115": "大兴区",
    "110116": "怀柔区",
    "110117": "平谷区",
    "110118": "密云区",
    "110119": "延庆区",
}
PROVINCES = {
    *map(str, range(11, 16)),
    *map(str, range(21, 24)),
    *map(str, range(31, 38)),
    *map(str, range(41, 47)),
    *map(str, range(50, 55)),
    *map(str, range(61, 66)),
    "71",
    "81",
    "82",
}
AUTHORITY_TYPE_PAIRS = sorted(
    (a, t) for a, (_, _, types) in USCC_AUTHORITIES.items() for t in types
)

# Real substances: PFOS, PFOA, PFHxS, HBCDD, SCCP, decaBDE, water, formaldehyde.
REAL_CAS = [
    "1763-23-1",
    "335-67-1",
    "355-46-4",
    "25637-99-4",
    "85535-84-8",
    "1163-19-5",
    "7732-18-5",
    "50-00-0",
]


# --- CAS ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("cas", REAL_CAS)
def test_real_cas_numbers_are_valid(cas: str) -> None:
    result = cas_check(cas)
    assert result.valid
    assert result.code == "ok"
    assert result.normalized == cas


@pytest.mark.parametrize("cas", REAL_CAS)
def test_mutated_check_digit_is_invalid(cas: str) -> None:
    body, digit = cas[:-1], int(cas[-1])
    for wrong in range(10):
        if wrong != digit:
            result = cas_check(f"{body}{wrong}")
            assert not result.valid
            assert result.code == "check_digit"
            assert result.normalized is None


def test_cas_check_digit_values() -> None:
    assert cas_check_digit("176323") == 1
    assert cas_check_digit("1763-23") == 1
    assert cas_check_digit("5000") == 0
    with pytest.raises(ValueError):
        cas_check_digit("")
    with pytest.raises(ValueError):
        cas_check_digit("12a4")


def test_cas_reason_names_expected_digit() -> None:
    result = cas_check("1763-23-2")
    assert result.reason_zh == 'CAS 号 "1763-23-2" 的校验位应为 1，实际为 2。'
    assert result.reason_en == 'CAS RN "1763-23-2": the check digit should be 1, not 2.'


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("  7732-18-5\t", "7732-18-5"),
        ("７７３２－１８－５", "7732-18-5"),
        ("1763\u201323\u20131", "1763-23-1"),
        ("7732185", "7732-18-5"),
        ("50000", "50-00-0"),
    ],
)
def test_cas_normalisation(raw: str, normalized: str) -> None:
    result = cas_check(raw)
    assert result.valid, result.reason_en
    assert result.normalized == normalized
    assert result.value == raw


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("123-4", "format"),
        ("", "empty"),
        ("   ", "empty"),
        ("CAS 50-00-0", "charset"),
        ("050-00-0", "format"),
        ("0050000", "format"),
        ("12345678-00-1", "format"),
        ("1-00-1", "format"),
        ("1763-231", "format"),
        ("12345678901", "format"),
    ],
)
def test_cas_rejections(raw: str, code: str) -> None:
    result = cas_check(raw)
    assert not result.valid
    assert result.code == code
    assert result.normalized is None


@given(
    first=st.integers(min_value=1, max_value=9),
    rest=st.text(alphabet="0123456789", min_size=3, max_size=8),
    delta=st.integers(min_value=1, max_value=9),
)
def test_cas_property_computed_digit_valid_other_digits_invalid(
    first: int, rest: str, delta: int
) -> None:
    body = f"{first}{rest}"  # 4-9 digits, no leading zero
    digit = cas_check_digit(body)
    formatted = f"{body[:-2]}-{body[-2:]}-{digit}"
    good = cas_check(formatted)
    assert good.valid and good.normalized == formatted
    assert cas_check(f"{body}{digit}").normalized == formatted
    bad = cas_check(f"{body[:-2]}-{body[-2:]}-{(digit + delta) % 10}")
    assert not bad.valid and bad.code == "check_digit"


# --- USCC ---------------------------------------------------------------------------------------


def test_published_uscc_example_is_valid() -> None:
    result = uscc_check("91350100M000100Y43")
    assert result.valid, result.reason_en
    assert result.normalized == "91350100M000100Y43"


def test_uscc_round_trip_and_normalisation() -> None:
    body = "91110105" + "MA01ABC2X"
    code = body + uscc_check_character(body)
    assert uscc_check(code).valid
    assert uscc_check(f"  {code.lower()} ").normalized == code
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in code)
    assert uscc_check(full_width).normalized == code


def test_uscc_weights_and_charset() -> None:
    assert len(USCC_CHARSET) == 31
    assert not set("IOZSV") & set(USCC_CHARSET)
    # A body of zeros sums to 0, so the check value 31 maps to "0".
    assert uscc_check_character("0" * 17) == "0"
    with pytest.raises(ValueError):
        uscc_check_character("9111010500000000")
    with pytest.raises(ValueError):
        uscc_check_character("91110105O00000000")


def _with_check(first17: str) -> str:
    return first17 + uscc_check_character(first17)


@pytest.mark.parametrize(
    ("first17", "code"),
    [
        ("B1110105MA01ABC2X", "authority"),
        ("94110105MA01ABC2X", "type"),
        ("Y2110105MA01ABC2X", "type"),
        ("91990105MA01ABC2X", "division"),
        ("91110001MA01ABC2X", "division"),
    ],
)
def test_uscc_structural_rejections(first17: str, code: str) -> None:
    result = uscc_check(_with_check(first17))
    assert not result.valid
    assert result.code == code


def test_uscc_other_rejections() -> None:
    assert uscc_check("").code == "empty"
    assert uscc_check("91350100M000100Y4").code == "length"
    assert uscc_check("91350100M000100O43").code == "charset"
    wrong = uscc_check("91350100M000100Y44")
    assert wrong.code == "check_digit"
    assert "3" in wrong.reason_en and "4" in wrong.reason_en


def test_uscc_known_divisions() -> None:
    code = _with_check("91110105MA01ABC2X")
    assert uscc_check(code, known_divisions=BEIJING_DISTRICTS).valid
    other = _with_check("91110103MA01ABC2X")
    assert uscc_check(other).valid
    assert uscc_check(other, known_divisions=BEIJING_DISTRICTS).code == "unknown_division"


def test_uscc_national_level_division() -> None:
    assert uscc_check(_with_check("11100000MA01ABC2X")).valid


def test_uscc_later_assigned_authorities() -> None:
    assert uscc_check(_with_check("N2110105MA01ABC2X")).valid
    assert uscc_check(_with_check("A1110105MA01ABC2X")).valid
    assert uscc_check(_with_check("35110105MA01ABC2X")).valid
    # Tourism (6) and religious affairs (7) have no organisation type 3.
    assert uscc_check(_with_check("63110105MA01ABC2X")).code == "type"
    assert uscc_check(_with_check("73110105MA01ABC2X")).code == "type"


uscc_bodies = st.builds(
    lambda pair, division, tail: pair[0] + pair[1] + division + tail,
    st.sampled_from(AUTHORITY_TYPE_PAIRS),
    st.sampled_from(sorted(BEIJING_DISTRICTS)),
    st.text(alphabet=USCC_CHARSET, min_size=9, max_size=9),
)


@given(body=uscc_bodies)
def test_uscc_property_round_trip(body: str) -> None:
    code = body + uscc_check_character(body)
    result = uscc_check(code, known_divisions=BEIJING_DISTRICTS)
    assert result.valid, result.reason_en
    assert result.normalized == code


@given(body=uscc_bodies, position=st.integers(min_value=0, max_value=17), data=st.data())
def test_uscc_property_single_substitution_is_invalid(
    body: str, position: int, data: st.DataObject
) -> None:
    # Weights are non-zero mod the prime 31, so any single substitution changes the check value.
    code = body + uscc_check_character(body)
    replacement = data.draw(st.sampled_from([c for c in USCC_CHARSET if c != code[position]]))
    mutated = code[:position] + replacement + code[position + 1 :]
    result = uscc_check(mutated)
    assert not result.valid
    if position >= 8:
        assert result.code == "check_digit"


# --- Divisions ----------------------------------------------------------------------------------


@pytest.mark.parametrize("code", sorted(BEIJING_DISTRICTS))
def test_beijing_districts_accepted(code: str) -> None:
    as_set = division_check(code, known=set(BEIJING_DISTRICTS))
    assert as_set.valid and as_set.normalized == code
    as_map = division_check(code, known=BEIJING_DISTRICTS)
    assert as_map.valid
    assert BEIJING_DISTRICTS[code] in as_map.reason_zh


@pytest.mark.parametrize("code", ["110103", "110104", "110110"])
def test_unused_beijing_codes_rejected_with_register(code: str) -> None:
    assert division_check(code).valid  # structurally fine
    result = division_check(code, known=set(BEIJING_DISTRICTS))
    assert not result.valid
    assert result.code == "unknown_division"
    assert code in result.reason_zh and code in result.reason_en


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("", "empty"),
        ("11010", "length"),
        ("1101050", "length"),
        ("11O105", "charset"),
        ("990000", "province"),
        ("110001", "structure"),
    ],
)
def test_division_rejections(raw: str, code: str) -> None:
    result = division_check(raw)
    assert not result.valid and result.code == code


def test_all_provincial_codes_accepted() -> None:
    for prefix in PROVINCES:
        assert division_check(prefix + "0000").valid
    assert len(PROVINCES) == 34


@given(
    prefix=st.sampled_from([f"{n:02d}" for n in range(100) if f"{n:02d}" not in PROVINCES]),
    rest=st.text(alphabet="0123456789", min_size=4, max_size=4),
)
def test_division_property_non_provincial_prefix_rejected(prefix: str, rest: str) -> None:
    result = division_check(prefix + rest, known=set(BEIJING_DISTRICTS))
    assert not result.valid and result.code == "province"
    assert prefix + rest in result.reason_zh and prefix + rest in result.reason_en


# --- Robustness and dispatch --------------------------------------------------------------------


@given(kind=st.sampled_from(KINDS), text=st.text())
def test_validators_never_raise(kind: str, text: str) -> None:
    result = check(kind, text)
    assert isinstance(result, IdentifierCheck)
    assert result.kind == kind and result.value == text
    assert result.reason_zh and result.reason_en
    assert (result.code == "ok") == result.valid
    assert (result.normalized is not None) == result.valid
    json.dumps(result.as_dict(), ensure_ascii=False)


def test_check_dispatch_and_unknown_kind() -> None:
    assert check("cas", "50-00-0").valid
    assert check("division", "110105", known=BEIJING_DISTRICTS).valid
    assert check("uscc", "91350100M000100Y43").valid
    with pytest.raises(ValueError, match="cas, uscc, division"):
        check("isbn", "0-306-40615-2")


def test_as_dict_keys() -> None:
    data = cas_check("50-00-0").as_dict()
    assert set(data) == {"kind", "value", "valid", "normalized", "code", "reason_zh", "reason_en"}
    assert data["normalized"] == "50-00-0"
