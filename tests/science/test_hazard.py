"""Hazard screening (P, vP, B, vB, T, PBT, vPvB, POP): published substances, threshold edges,
censored and contradictory records, screening indicators, bad input, and properties that hold
for any data."""

import json
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from npgov.science.hazard import (
    CRITERIA_PATH,
    PROPERTY_NAMES,
    HazardInputError,
    all_of,
    any_of,
    load_criteria,
    screen,
)

HALF_LIVES = (
    "half_life_freshwater",
    "half_life_marine",
    "half_life_freshwater_sediment",
    "half_life_marine_sediment",
    "half_life_soil",
)
RANK = {"no": 0, "insufficient": 1, "yes": 2}


def rec(name, value, unit="d", qualifier=None, **extra):
    record = {"name": name, "value": value, "unit": unit, **extra}
    if qualifier is not None:
        record["qualifier"] = qualifier
    return record


def limb(result, criterion, prop):
    """The one evidence record of ``criterion`` that tests ``prop``."""
    (item,) = [
        e
        for e in result.evidence_for(criterion)
        if e.property == prop and not e.screening_indicator
    ]
    return item


def all_compartments(value, qualifier=None):
    return [rec(name, value, "d", qualifier) for name in HALF_LIVES]


# --- Published substances ----------------------------------------------------------------------

# PFOS. Numbers from OECD (2002) Hazard assessment of perfluorooctane sulfonate (PFOS) and its
# salts, ENV/JM/RD(2002)17/FINAL, as summarised in the POPRC risk profile on PFOS
# (UNEP/POPS/POPRC.2/17/Add.5, 2006): no degradation observed, hydrolysis half-life > 41 years
# at 25 °C; whole-fish BCF 2796 in bluegill sunfish. Harmonised CLP classification (CLP
# Annex VI): Carc. 2, Repr. 1B, Lact., STOT RE 1. The OECD assessment concluded that PFOS is
# persistent, bioaccumulative and toxic.
PFOS = {
    "properties": [
        rec("half_life_freshwater", 41, "years", ">", source="OECD 2002, hydrolysis at 25 °C"),
        rec("bcf", 2796, "L/kg", source="OECD 2002, bluegill sunfish, whole fish"),
    ],
    "classifications": ["Carc. 2", "Repr. 1B", "Lact.", "STOT RE 1"],
}


def test_pfos_is_pbt_but_not_vpvb_under_reach():
    r = screen(PFOS)
    assert (r.P, r.vP, r.B, r.vB, r.T) == ("yes", "yes", "yes", "no", "yes")
    assert (r.PBT, r.vPvB) == ("yes", "no")
    t = {e.classification for e in r.evidence_for("T") if e.verdict == "yes"}
    assert t == {"Repr. 1B", "STOT RE 1"}  # Carc. 2 and Lact. are not T limbs
    freshwater = limb(r, "P", "half_life_freshwater")
    assert freshwater.qualifier == ">" and freshwater.value == pytest.approx(41 * 365.25)
    assert freshwater.records[0].source == "OECD 2002, hydrolysis at 25 °C"
    assert "41 years" in freshwater.value_text


def test_pfos_pop_screening_leaves_bioaccumulation_open():
    # BCF 2796 does not meet Annex D 1(c)(i) (> 5000); the POPRC found PFOS bioaccumulative on
    # other evidence (1(c)(ii)-(iii): high levels in top predators), which a numbers-only
    # screening cannot see: the criterion stays open instead of "no".
    r = screen(PFOS)
    assert r.POP.as_dict() == {
        "persistence": "yes",
        "bioaccumulation": "insufficient",
        "long_range_transport": "insufficient",
    }
    assert limb(r, "POP.bioaccumulation", "bcf").verdict == "no"
    open_limbs = [e for e in r.evidence_for("POP.bioaccumulation") if e.property is None]
    assert [e.instrument.rsplit(", ", 1)[1] for e in open_limbs] == [
        "para. 1(c)(ii)",
        "para. 1(c)(iii)",
    ]


def test_pfos_under_gbt24782_marks_the_unconfirmed_numbers():
    r = screen(PFOS, scheme="gbt24782")
    assert (r.P, r.B, r.T, r.PBT) == ("yes", "yes", "yes", "yes")
    assert r.scheme == "gbt24782"
    assert not limb(r, "P", "half_life_freshwater").unconfirmed  # P numbers are confirmed
    assert limb(r, "B", "bcf").unconfirmed and limb(r, "vB", "bcf").unconfirmed
    repr_limb = next(e for e in r.evidence_for("T") if e.classification == "Repr. 1B")
    assert repr_limb.unconfirmed and "67/548/EEC" in repr_limb.rule
    assert all(e.unconfirmed for e in r.evidence_for("T"))
    assert not any(e.unconfirmed for e in screen(PFOS).evidence_for("B"))


# Hexabromocyclododecane (HBCDD). BCF 18 100 in rainbow trout (Drottar & Krueger 2000, OECD
# 305), the key study of the EU risk assessment report (2008) and of ECHA's SVHC support
# document (2008); log Kow 5.62 (EU RAR 2008). Harmonised classification Repr. 2, Lact.
HBCDD = {
    "properties": [rec("bcf", 18100, "L/kg"), rec("log_kow", 5.62, None)],
    "classifications": ["Repr. 2", "Lact."],
}


def test_hbcdd_is_vb_and_bioaccumulative_under_annex_d():
    r = screen(HBCDD)
    assert (r.B, r.vB, r.T) == ("yes", "yes", "yes")
    assert r.POP.bioaccumulation == "yes"
    # No degradation data given: P is open, so PBT is too (never "no" on missing data).
    assert (r.P, r.vP, r.PBT, r.vPvB) == ("insufficient",) * 4
    # A measured BCF exists, so log Kow is not used as a screening indicator anywhere.
    assert not any(e.screening_indicator for e in r.evidence)


def test_hbcdd_with_a_persistent_compartment_is_pbt():
    # Threshold-edge construction, not a published number: a sediment half-life just above 120 d.
    data = {
        **HBCDD,
        "properties": [*HBCDD["properties"], rec("half_life_freshwater_sediment", 121)],
    }
    r = screen(data)
    assert (r.P, r.vP, r.PBT, r.vPvB) == ("yes", "insufficient", "yes", "insufficient")


# Decabromodiphenyl ether (decaBDE). BCF < 50 in a 6-week fish bioconcentration study (ECHA
# registration dossier 14217, bioaccumulation: aquatic/sediment). ECHA identified decaBDE as
# PBT/vPvB (2012) because of its debromination products, and it was listed in Stockholm Annex A
# in 2017 (COP-8, see the shared regulatory notes); a screening of the parent's own numbers
# sees neither the transformation products nor monitoring data.
DECABDE = {"properties": [rec("bcf", 50, "L/kg", "<")]}


def test_decabde_parent_bcf_is_not_b():
    r = screen(DECABDE)
    assert (r.B, r.vB, r.PBT, r.vPvB) == ("no", "no", "no", "no")
    assert r.POP.bioaccumulation == "insufficient"  # 1(c)(ii)-(iii) stay open
    assert limb(r, "POP.bioaccumulation", "bcf").verdict == "no"


# Benzoic acid. Aerobic degradation half-life 7.3 h in subsurface soil (Ward 1985, cited in
# WHO/IPCS CICAD 26, Benzoic acid and sodium benzoate, 2000). Sodium benzoate is the reference
# substance of the OECD 301 ready biodegradability tests.
BENZOIC_SOIL = rec("half_life_soil", 7.3, "h", source="CICAD 26 (Ward 1985)")


def test_benzoic_acid_soil_half_life_is_not_p_in_soil():
    r = screen({"properties": [BENZOIC_SOIL]})
    soil = limb(r, "P", "half_life_soil")
    assert soil.verdict == "no" and soil.value == pytest.approx(7.3 / 24)
    assert limb(r, "vP", "half_life_soil").verdict == "no"
    assert limb(r, "POP.persistence", "half_life_soil").verdict == "no"
    # The water and sediment compartments are undecided: not P needs all of them.
    assert r.P == "insufficient" and r.PBT == "insufficient"


def test_benzoic_acid_is_not_p_once_every_compartment_decides():
    # Threshold-edge construction for the other compartments ("< 10 d" is below every limb).
    others = [rec(name, 10, "d", "<") for name in HALF_LIVES if name != "half_life_soil"]
    r = screen({"properties": [BENZOIC_SOIL, *others], "classifications": []})
    assert (r.P, r.vP, r.PBT, r.vPvB) == ("no", "no", "no", "no")
    assert r.POP.persistence == "insufficient"  # Annex D 1(b)(ii) stays open


# --- Threshold edges (operators are strict) ----------------------------------------------------

REACH_EDGES = [
    ("P", "half_life_marine", 60),
    ("P", "half_life_freshwater", 40),
    ("P", "half_life_marine_sediment", 180),
    ("P", "half_life_freshwater_sediment", 120),
    ("P", "half_life_soil", 120),
    ("vP", "half_life_marine", 60),
    ("vP", "half_life_freshwater", 60),
    ("vP", "half_life_marine_sediment", 180),
    ("vP", "half_life_freshwater_sediment", 180),
    ("vP", "half_life_soil", 180),
]


@pytest.mark.parametrize("scheme", ["reach", "gbt24782"])
@pytest.mark.parametrize("criterion, prop, days", REACH_EDGES)
def test_half_life_at_the_threshold_is_not_enough(scheme, criterion, prop, days):
    at = screen({"properties": [rec(prop, days)]}, scheme)
    above = screen({"properties": [rec(prop, days + 0.1)]}, scheme)
    assert limb(at, criterion, prop).verdict == "no"
    assert limb(above, criterion, prop).verdict == "yes"
    assert getattr(above, criterion) == "yes"


def test_freshwater_edge_40_vs_40_1_days_and_in_hours():
    assert screen({"properties": [rec("half_life_freshwater", 40)]}).P == "insufficient"
    assert limb(screen({"properties": [rec("half_life_freshwater", 960, "h")]}), "P",
                "half_life_freshwater").verdict == "no"  # fmt: skip
    assert screen({"properties": [rec("half_life_freshwater", 40.1)]}).P == "yes"
    assert screen({"properties": [rec("half_life_freshwater", 962.4, "hours")]}).P == "yes"
    assert screen({"properties": [rec("half_life_freshwater", 5.73, "weeks")]}).P == "yes"


@pytest.mark.parametrize(
    "value, unit, b, vb",
    [(2000, "L/kg", "no", "no"), (2000.1, "L/kg", "yes", "no"), (5000, None, "yes", "no"),
     (5000.1, "dimensionless", "yes", "yes"), (5.0001, "L/g", "yes", "yes")],
)  # fmt: skip
def test_bcf_edges(value, unit, b, vb):
    r = screen({"properties": [rec("bcf", value, unit)]})
    assert (r.B, r.vB) == (b, vb)


@pytest.mark.parametrize(
    "value, unit, verdict",
    [(10, "µg/L", "no"), (10, "μg/L", "no"), (9.99, "ug/L", "yes"), (0.01, "mg/L", "no"),
     (0.00999, "mg/L", "yes"), (10000, "ng/L", "no"), (9990, "ng/L", "yes")],
)  # fmt: skip
def test_noec_edges(value, unit, verdict):
    r = screen({"properties": [rec("noec_chronic_aquatic", value, unit)], "classifications": []})
    assert limb(r, "T", "noec_chronic_aquatic").verdict == verdict
    assert r.T == verdict  # the classification limbs are all "no"


@pytest.mark.parametrize(
    "prop, value, unit, verdict",
    [("half_life_freshwater", 2, "months", "no"), ("half_life_freshwater", 60.875, "d", "no"),
     ("half_life_marine", 60.9, "d", "yes"), ("half_life_soil", 6, "months", "no"),
     ("half_life_soil", 182.7, "d", "yes"), ("half_life_marine_sediment", 0.5, "years", "no"),
     ("half_life_freshwater_sediment", 183, "d", "yes")],
)  # fmt: skip
def test_annex_d_persistence_months(prop, value, unit, verdict):
    r = screen({"properties": [rec(prop, value, unit)]})
    assert limb(r, "POP.persistence", prop).verdict == verdict
    assert r.POP.persistence == ("yes" if verdict == "yes" else "insufficient")


def test_reach_60_days_and_annex_d_two_months_differ():
    r = screen({"properties": [rec("half_life_freshwater", 60.5)]})
    assert r.vP == "yes"  # > 60 d
    assert limb(r, "POP.persistence", "half_life_freshwater").verdict == "no"  # ≤ 60.875 d
    assert limb(r, "POP.persistence", "half_life_freshwater").threshold == ("> 2 months (60.875 d)")


@pytest.mark.parametrize("hours, verdict", [(48, "insufficient"), (49, "yes")])
def test_long_range_transport_air_half_life(hours, verdict):
    r = screen({"properties": [rec("half_life_air", hours, "h")]})
    assert r.POP.long_range_transport == verdict
    assert limb(r, "POP.long_range_transport", "half_life_air").verdict == (
        "no" if verdict == "insufficient" else "yes"
    )


# --- Censored values ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "qualifier, value, verdict",
    [(">", 30, "insufficient"), (">", 200, "yes"), ("<", 10, "no"), (">", 40, "yes"),
     (">=", 40, "insufficient"), (">=", 40.1, "yes"), ("<", 40.1, "insufficient"),
     ("<=", 40, "no"), ("<", 40, "no"), ("~", 45, "yes"), ("=", 40, "no"), (None, 40, "no"),
     ("≥", 41, "yes"), ("≤", 39, "no"), ("", 41, "yes")],
)  # fmt: skip
def test_censored_half_life_against_40_days(qualifier, value, verdict):
    r = screen({"properties": [rec("half_life_freshwater", value, "d", qualifier)]})
    assert limb(r, "P", "half_life_freshwater").verdict == verdict


@pytest.mark.parametrize(
    "qualifier, value, verdict",
    [("<", 0.01, "yes"), ("<=", 0.01, "insufficient"), ("<", 0.05, "insufficient"),
     (">", 0.005, "insufficient"), (">=", 0.01, "no"), (">", 0.01, "no"), ("<=", 0.0099, "yes"),
     (">", 1, "no")],
)  # fmt: skip
def test_censored_noec_against_0_01_mg_per_l(qualifier, value, verdict):
    r = screen({"properties": [rec("noec_chronic_aquatic", value, "mg/L", qualifier)]})
    assert limb(r, "T", "noec_chronic_aquatic").verdict == verdict


def test_a_lower_bound_below_the_threshold_cannot_prove_not_p():
    assert screen({"properties": all_compartments(30, ">")}).P == "insufficient"
    assert screen({"properties": all_compartments(10, "<")}).P == "no"
    assert screen({"properties": all_compartments(10, "<")}).vP == "no"
    assert screen({"properties": [rec("half_life_soil", 200, "d", ">")]}).P == "yes"


# --- Several records of one property -----------------------------------------------------------


def freshwater(*records):
    r = screen({"properties": [rec("half_life_freshwater", v, "d", q) for q, v in records]})
    return limb(r, "P", "half_life_freshwater")


def test_agreeing_records():
    e = freshwater(("=", 50), ("=", 60))
    assert (e.verdict, e.contradictory) == ("yes", False)
    assert e.value == 60 and "most decisive of 2 records" in e.value_text
    assert [r.verdict for r in e.records] == ["yes", "yes"]


def test_records_that_decide_nothing_do_not_contradict():
    e = freshwater((">", 200), (">", 30))
    assert (e.verdict, e.contradictory) == ("yes", False)
    e = freshwater(("<", 10), ("<", 50))
    assert (e.verdict, e.contradictory) == ("no", False)
    e = freshwater((">", 30), ("<", 50))
    assert (e.verdict, e.contradictory, e.value) == ("insufficient", False, None)


def test_contradictory_records_are_weighed_by_the_geometric_mean():
    e = freshwater(("=", 30), ("=", 60))  # √(30·60) = 42.43 d > 40 d
    assert (e.verdict, e.contradictory) == ("yes", True)
    assert e.value == pytest.approx(42.4264068712)
    assert "geometric mean of 2 records" in e.value_text and "contradictory" in e.note
    assert {r.verdict for r in e.records} == {"yes", "no"}


def test_geometric_mean_exactly_at_the_threshold_is_not_enough():
    e = freshwater(("=", 20), ("=", 80))  # √(20·80) = 40 d exactly, not above 40 d
    assert (e.verdict, e.contradictory, e.value) == ("no", True, 40.0)


def test_contradictory_censored_records_are_insufficient():
    e = freshwater(("<", 10), (">", 200))
    assert (e.verdict, e.contradictory) == ("insufficient", True)
    assert e.value is None
    e = freshwater(("=", 10), (">", 200))  # geometric mean above √2000 = 44.7 d
    assert (e.verdict, e.contradictory, e.qualifier) == ("yes", True, ">")


def test_contradictory_noec_records_the_most_sensitive_decides():
    r = screen(
        {
            "properties": [
                rec("noec_chronic_aquatic", 1, "mg/L"),
                rec("noec_chronic_aquatic", 5, "µg/L"),
            ]
        }
    )
    e = limb(r, "T", "noec_chronic_aquatic")
    assert (e.verdict, e.contradictory, e.value) == ("yes", True, 0.005)
    assert "most sensitive" in e.note
    assert r.T == "yes"


def test_contradictory_bcf_records():
    r = screen({"properties": [rec("bcf", 1000, "L/kg"), rec("bcf", 5000, "L/kg")]})
    b, vb = limb(r, "B", "bcf"), limb(r, "vB", "bcf")
    assert (b.verdict, b.contradictory, b.value) == ("yes", True, pytest.approx(2236.06797750))
    assert (vb.verdict, vb.contradictory) == ("no", False)


# --- Screening indicators ----------------------------------------------------------------------


def test_reach_log_kow_flags_potential_b_only_without_bcf():
    r = screen({"properties": [rec("log_kow", 5.62, None)]})
    assert (r.B, r.vB) == ("insufficient", "insufficient")
    flags = [e for e in r.evidence_for("B") if e.screening_indicator]
    assert len(flags) == 1 and flags[0].verdict == "insufficient"
    assert "potential B/vB" in flags[0].note and flags[0].threshold == "> 4.5"
    assert flags[0].records[0].verdict == "yes"


def test_reach_log_kow_at_4_5_is_no_screening_indication():
    r = screen({"properties": [rec("log_kow", 4.5, "")]})
    (flag,) = [e for e in r.evidence_for("B") if e.screening_indicator]
    assert flag.verdict == "insufficient" and "no screening indication" in flag.note


def test_log_kow_is_ignored_when_bcf_or_baf_is_measured():
    r = screen({"properties": [rec("log_kow", 6, None), rec("bcf", 100, "L/kg")]})
    assert (r.B, r.POP.bioaccumulation) == ("no", "insufficient")
    assert not any(e.screening_indicator for e in r.evidence)
    r = screen({"properties": [rec("log_kow", 6, None), rec("baf", 100, "L/kg")]})
    assert not any(e.screening_indicator for e in r.evidence)
    assert r.B == "insufficient" and "BAF records" in limb(r, "B", "bcf").note


def test_annex_d_log_kow_counts_without_bcf_or_baf():
    r = screen({"properties": [rec("log_kow", 5.1, None)]})
    assert r.POP.bioaccumulation == "yes"
    (flag,) = [e for e in r.evidence_for("POP.bioaccumulation") if e.screening_indicator]
    assert flag.verdict == "yes" and flag.property == "log_kow"
    r = screen({"properties": [rec("log_kow", 5, None)]})
    assert r.POP.bioaccumulation == "insufficient"


def test_annex_d_counts_baf():
    r = screen({"properties": [rec("baf", 6000, "L/kg"), rec("log_kow", 3, None)]})
    assert r.POP.bioaccumulation == "yes"
    assert r.B == "insufficient"  # REACH B is a BCF criterion


def test_gbt24782_does_not_use_log_kow():
    r = screen({"properties": [rec("log_kow", 7, None)]}, scheme="gbt24782")
    assert r.B == "insufficient"
    (flag,) = [e for e in r.evidence_for("B") if e.screening_indicator]
    assert flag.unconfirmed and "UNCONFIRMED" in flag.note


def test_log_kow_may_be_negative():
    r = screen({"properties": [rec("log_kow", "-0.31", None)]})
    assert r.B == "insufficient"


# --- Toxicity from classifications -------------------------------------------------------------


@pytest.mark.parametrize(
    "spelling",
    ["Carc. 1B", "Carc 1B", "carc. 1b", "Carc.1B", "Muta. 1A", "Repr. 2", "Repr 1A", "STOT RE 1",
     "STOT-RE 2", "stot re 2", "Repr. 1B*", "Ｃａｒｃ． １Ａ"],
)  # fmt: skip
def test_t_classification_spellings(spelling):
    assert screen({"classifications": [spelling]}).T == "yes"


@pytest.mark.parametrize(
    "classification",
    ["Carc. 2", "Muta. 2", "Lact.", "STOT SE 1", "Acute Tox. 1", "Aquatic Chronic 1"],
)
def test_classes_that_are_not_t(classification):
    r = screen(
        {
            "properties": [rec("noec_chronic_aquatic", 1, "mg/L")],
            "classifications": [classification],
        }
    )
    assert r.T == "no"


def test_t_needs_both_limbs_to_say_no():
    assert screen({}).T == "insufficient"
    assert screen({"classifications": []}).T == "insufficient"  # no NOEC
    assert screen({"properties": [rec("noec_chronic_aquatic", 1, "mg/L")]}).T == "insufficient"
    r = screen({"properties": [rec("noec_chronic_aquatic", 1, "mg/L")], "classifications": []})
    assert r.T == "no"
    r = screen({"properties": [rec("noec_chronic_aquatic", 0.001, "mg/L")]})
    assert r.T == "yes"


# --- Three-valued logic ------------------------------------------------------------------------


def test_three_valued_logic():
    assert any_of(["no", "insufficient", "yes"]) == "yes"
    assert any_of(["no", "no"]) == "no"
    assert any_of(["no", "insufficient"]) == "insufficient"
    assert any_of([]) == "insufficient"
    assert all_of(["yes", "yes", "yes"]) == "yes"
    assert all_of(["yes", "insufficient", "no"]) == "no"
    assert all_of(["yes", "insufficient"]) == "insufficient"
    assert all_of([]) == "insufficient"


def test_pbt_is_no_when_one_property_is_no():
    r = screen({"properties": [rec("bcf", 10, "L/kg")], "classifications": ["Carc. 1A"]})
    assert (r.P, r.B, r.T, r.PBT) == ("insufficient", "no", "yes", "no")


def test_pop_criteria_are_never_no():
    r = screen({"properties": [*all_compartments(1), rec("half_life_air", 1, "h"),
                               rec("bcf", 1, "L/kg"), rec("baf", 1, "L/kg")]})  # fmt: skip
    assert set(r.POP.as_dict().values()) == {"insufficient"}
    assert r.P == "no"


# --- Bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data, code, words",
    [
        ({"properties": [rec("half_life_lake", 3)]}, "property",
         ["half_life_lake", "half_life_freshwater", "noec_chronic_aquatic"]),
        ({"properties": [rec("half_life_soil", -3)]}, "value", ["half_life_soil", "-3"]),
        ({"properties": [rec("half_life_soil", 0)]}, "value",
         ["half_life_soil", "greater than zero"]),
        ({"properties": [rec("bcf", -1, "L/kg")]}, "value", ["bcf", "-1"]),
        ({"properties": [rec("half_life_soil", "abc")]}, "value", ["half_life_soil", "abc"]),
        ({"properties": [rec("half_life_soil", None)]}, "value", ["half_life_soil"]),
        ({"properties": [rec("half_life_soil", True)]}, "value", ["half_life_soil", "True"]),
        ({"properties": [rec("half_life_soil", "> 200")]}, "value",
         ["half_life_soil", "qualifier"]),
        ({"properties": [rec("half_life_soil", float("nan"))]}, "value", ["half_life_soil"]),
        ({"properties": [rec("half_life_soil", 30, "mg/L")]}, "unit",
         ["half_life_soil", "mg/L", "30", "time"]),
        ({"properties": [rec("half_life_air", 30, None)]}, "unit", ["half_life_air", "missing"]),
        ({"properties": [rec("noec_chronic_aquatic", 3, "mg/kg")]}, "unit",
         ["noec_chronic_aquatic", "mg/kg"]),
        ({"properties": [rec("noec_chronic_aquatic", 3, "d")]}, "unit", ["noec_chronic_aquatic"]),
        ({"properties": [rec("bcf", 3, "%")]}, "unit", ["bcf", "%"]),
        ({"properties": [rec("bcf", 3, "mg/L")]}, "unit", ["bcf", "mg/L"]),
        ({"properties": [rec("log_kow", 3, "mg/L")]}, "unit", ["log_kow", "dimensionless"]),
        ({"properties": [rec("half_life_soil", 3, "furlongs")]}, "unit", ["half_life_soil"]),
        ({"properties": [rec("half_life_soil", 3, "d", ">>")]}, "qualifier",
         ["half_life_soil", ">>"]),
        ({"properties": [{"name": "bcf", "value": 3, "qualifer": ">"}]}, "record", ["qualifer"]),
        ({"properties": [{"name": "bcf"}]}, "record", ["bcf", "value"]),
        ({"properties": ["bcf"]}, "record", ["record 1"]),
        ({"properties": {"name": "bcf"}}, "data", ["list"]),
        ({"classifications": ["Carc. Cat. 2; R45", "Carc. 1B", "T; R48/23"]}, "classification",
         ["Carc. Cat. 2; R45", "T; R48/23"]),
        ({"classifications": ["Carc. 3"]}, "classification", ["Carc. 3"]),
        ({"classifications": [1]}, "classification", ["1"]),
        ({"classifications": "Carc. 1B"}, "classification", ["list"]),
        ({"properties": [], "substance": "PFOS"}, "data", ["substance"]),
        ([("bcf", 3)], "data", ["object"]),
    ],
)  # fmt: skip
def test_bad_input(data, code, words):
    with pytest.raises(ValueError) as info:
        screen(data)
    assert isinstance(info.value, HazardInputError) and info.value.code == code
    for word in words:
        assert word in str(info.value)


def test_unknown_property_names_are_all_named():
    with pytest.raises(HazardInputError) as info:
        screen({"properties": [rec("foo", 1), rec("bcf", 1, None), rec("kow", 1, None)]})
    assert "foo" in info.value.reason_en and "kow" in info.value.reason_en
    assert "Known properties" in info.value.reason_en


def test_unknown_scheme():
    with pytest.raises(HazardInputError, match="tsca") as info:
        screen({}, scheme="tsca")
    assert info.value.code == "scheme"


def test_errors_are_bilingual_and_json_ready():
    with pytest.raises(HazardInputError) as info:
        screen({"properties": [rec("half_life_soil", 30, "mg/L")]})
    error = info.value.as_dict()
    assert error["code"] == "unit" and "单位" in error["reason_zh"]
    assert "half_life_soil" in error["reason_zh"] and "half_life_soil" in error["reason_en"]
    json.dumps(error)


# --- Result shape and data file ----------------------------------------------------------------


def test_as_dict_has_exactly_the_json_shape():
    out = screen(PFOS).as_dict()
    assert set(out) == {"P", "vP", "B", "vB", "T", "PBT", "vPvB", "POP", "evidence"}
    assert set(out["POP"]) == {"persistence", "bioaccumulation", "long_range_transport"}
    assert all(out[k] in ("yes", "no", "insufficient") for k in set(out) - {"POP", "evidence"})
    keys = {
        "criterion", "verdict", "property", "classification", "value", "qualifier", "unit",
        "value_text", "threshold", "rule", "instrument", "screening_indicator", "unconfirmed",
        "contradictory", "records", "note",
    }  # fmt: skip
    assert all(set(e) == keys for e in out["evidence"])
    assert json.loads(json.dumps(out, ensure_ascii=False)) == out


def test_every_criterion_has_evidence_with_an_instrument():
    r = screen({})
    for criterion in ("P", "vP", "B", "vB", "T", "POP.persistence", "POP.bioaccumulation",
                      "POP.long_range_transport"):  # fmt: skip
        items = r.evidence_for(criterion)
        assert items and all(e.instrument and e.rule for e in items)
    assert limb(r, "P", "half_life_soil").instrument.endswith("section 1.1.1(e)")


def test_the_data_file_records_sources_and_what_is_unconfirmed():
    data = yaml.safe_load(CRITERIA_PATH.read_text(encoding="utf-8"))
    assert tuple(data["properties"]) == PROPERTY_NAMES
    reach, gbt = data["schemes"]["reach"], data["schemes"]["gbt24782"]
    assert all(reach["criteria"][c]["confirmed"] for c in ("P", "vP", "B", "vB", "T"))
    assert gbt["criteria"]["P"]["confirmed"] and gbt["criteria"]["vP"]["confirmed"]
    for c in ("B", "vB", "T"):
        assert gbt["criteria"][c]["confirmed"] is False
        assert "UNCONFIRMED" in gbt["criteria"][c]["note"]
    assert {reach["source"], gbt["source"], data["pop"]["source"]} <= set(data["sources"])


def test_the_numbers_are_read_from_the_data_file(tmp_path: Path):
    text = CRITERIA_PATH.read_text(encoding="utf-8").replace(
        'property: half_life_freshwater, op: gt, value: 40, unit: day, clause: "section 1.1.1(b)"',
        'property: half_life_freshwater, op: gt, value: 30, unit: day, clause: "section 1.1.1(b)"',
    )
    path = tmp_path / "criteria.yaml"
    path.write_text(text, encoding="utf-8")
    data = {"properties": [rec("half_life_freshwater", 35)]}
    assert screen(data).P == "insufficient"
    assert screen(data, criteria=load_criteria(path)).P == "yes"
    assert load_criteria() is load_criteria(CRITERIA_PATH)


# --- Properties --------------------------------------------------------------------------------

QUALIFIER = st.sampled_from([None, "=", "~", ">", ">=", "<", "<="])
VALUE = st.floats(min_value=0.01, max_value=1e4).map(lambda x: round(x, 2)).filter(lambda x: x > 0)
HALF_LIFE_RECORDS = st.lists(
    st.tuples(st.sampled_from(HALF_LIVES[:2] + ("half_life_soil",)), VALUE, QUALIFIER),
    min_size=1,
    max_size=5,
)


def _half_life_data(records, unit="d", factor=1.0):
    return {"properties": [rec(n, v * factor, unit, q) for n, v, q in records]}


@settings(max_examples=150, deadline=None)
@given(HALF_LIFE_RECORDS, st.data())
def test_a_longer_half_life_never_lowers_p(records, data):
    index = data.draw(st.integers(0, len(records) - 1))
    factor = data.draw(st.floats(min_value=1.0, max_value=100.0))
    longer = list(records)
    name, value, qualifier = longer[index]
    longer[index] = (name, round(value * factor, 2) + 0.01, qualifier)
    before, after = screen(_half_life_data(records)), screen(_half_life_data(longer))
    for criterion in ("P", "vP"):
        assert RANK[getattr(after, criterion)] >= RANK[getattr(before, criterion)]
    assert RANK[after.POP.persistence] >= RANK[before.POP.persistence]


@settings(max_examples=150, deadline=None)
@given(HALF_LIFE_RECORDS, st.data())
def test_verdicts_do_not_depend_on_record_order(records, data):
    shuffled = data.draw(st.permutations(records))
    extra = [
        rec("bcf", 1000, "L/kg"),
        rec("bcf", 3000, "L/kg"),
        rec("noec_chronic_aquatic", 1, "mg/L"),
    ]
    first = screen({"properties": _half_life_data(records)["properties"] + extra})
    second = screen({"properties": extra[::-1] + _half_life_data(shuffled)["properties"]})

    def verdicts(result):
        out = result.as_dict()
        limbs = [(e["criterion"], e["property"], e["classification"], e["verdict"],
                  e["contradictory"]) for e in out.pop("evidence")]  # fmt: skip
        return out, sorted(limbs, key=str)

    assert verdicts(first) == verdicts(second)


@settings(max_examples=100, deadline=None)
@given(HALF_LIFE_RECORDS)
def test_days_and_hours_give_the_same_verdicts(records):
    in_days = screen(_half_life_data(records)).as_dict()
    in_hours = screen(_half_life_data(records, "h", 24.0)).as_dict()
    assert {k: in_days[k] for k in in_days if k != "evidence"} == {
        k: in_hours[k] for k in in_hours if k != "evidence"
    }


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(VALUE, QUALIFIER), min_size=1, max_size=4), st.data())
def test_a_lower_noec_never_lowers_t(records, data):
    index = data.draw(st.integers(0, len(records) - 1))
    lower = list(records)
    value, qualifier = lower[index]
    lower[index] = (value / data.draw(st.floats(min_value=1.0, max_value=100.0)), qualifier)

    def t(rs):
        return screen({"properties": [rec("noec_chronic_aquatic", v / 1000, "mg/L", q)
                                      for v, q in rs]}).T  # fmt: skip

    assert RANK[t(lower)] >= RANK[t(records)]
