"""PNEC derivation after ECHA Guidance R.10: every row and note of Tables R.10-4 (freshwater) and
R.10-5 (marine) on constructed data, the SSD-based PNEC, equilibrium partitioning for sediment
and soil worked by hand, the data rules (reliability, predicted values, units), every kind of
bad input, and properties that hold for any data set.

The base set used throughout (short-term, experimental, Klimisch 2):
algae ErC50 3.2 mg/L, Daphnia EC50 1.5 mg/L, fish LC50 8.0 mg/L, so the invertebrates are the
trophic level with the lowest L(E)C50.
"""

import json
import math

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from npgov.science import pnec
from npgov.science.pnec import (
    PnecResult,
    ToxicityRecord,
    derive_aquatic,
    from_ssd,
    parse_record,
    pnec_from_json,
    reference_data,
    sediment_eqp,
    soil_eqp,
)


def rec(species, group, duration, endpoint, value, unit="mg/L", **kw):
    kw.setdefault("source_type", "experimental")
    kw.setdefault("reliability", 2)
    return dict(species=species, taxon_group=group, duration=duration, endpoint=endpoint,
                value=value, unit=unit, **kw)  # fmt: skip


ALGA = rec("Raphidocelis subcapitata", "algae", "acute", "ErC50", 3.2)
DAPHNIA = rec("Daphnia magna", "crustacean", "acute", "EC50", 1.5)
FISH = rec("Danio rerio", "fish", "acute", "LC50", 8.0)
BASE = [ALGA, DAPHNIA, FISH]

ALGA_NOEC = rec("Raphidocelis subcapitata", "algae", "chronic", "NOEC", 0.4)
DAPHNIA_NOEC = rec("Daphnia magna", "crustacean", "chronic", "NOEC", 0.12)
FISH_NOEC = rec("Danio rerio", "fish", "chronic", "NOEC", 0.9)

MUSSEL = rec("Mytilus edulis", "mollusc", "acute", "EC50", 2.5, medium="marine")
URCHIN = rec("Paracentrotus lividus", "echinoderm", "acute", "EC50", 4.0, medium="marine")
MUSSEL_NOEC = rec("Mytilus edulis", "mollusc", "chronic", "NOEC", 0.3, medium="marine")
URCHIN_NOEC = rec("Paracentrotus lividus", "echinoderm", "chronic", "EC10", 0.2, medium="marine")


def check(result, rule_id, value, factor, critical_index=None):
    assert result.derived
    assert result.rule.id == rule_id
    assert result.value_mg_per_l == pytest.approx(value, rel=1e-12)
    assert result.assessment_factor == factor
    if critical_index is not None:
        assert result.critical["index"] == critical_index


# --------------------------------------------------------------------------------------------
# Freshwater, Table R.10-4
# --------------------------------------------------------------------------------------------


def test_row_1_short_term_data_of_three_trophic_levels_af_1000():
    # Row 1 (AF 1000): lowest L(E)C50 = Daphnia 1.5 mg/L → 1.5 / 1000 = 0.0015 mg/L.
    result = derive_aquatic(BASE)
    check(result, "FW-1000", 0.0015, 1000, critical_index=1)
    assert result.basis == "assessment factor"
    assert result.experimental is True and result.reliability == 2
    # FW-1000 is confirmed by REACH Annex I and TGD 2003 section 3.3.1.1.
    assert result.confirmed is True
    assert result.critical["species"] == "Daphnia magna"
    assert result.used == (0, 1, 2) and result.excluded == ()


def test_row_2_one_long_term_result_from_the_most_sensitive_level_af_100():
    # Row 2 / note b (AF 100): Daphnia NOEC 120 µg/L, invertebrates have the lowest L(E)C50:
    # 0.120 mg/L / 100 = 0.0012 mg/L.
    result = derive_aquatic([*BASE, rec("Daphnia magna", "crustacean", "chronic", "NOEC", 120,
                                        unit="µg/L")])  # fmt: skip
    check(result, "FW-100", 0.0012, 100, critical_index=3)
    assert result.confirmed is False
    assert any("provisional" in note for note in result.notes)


def test_note_b_single_long_term_result_from_a_less_sensitive_level_keeps_af_1000():
    # Note b: the only NOEC is the fish's, but Daphnia has the lowest L(E)C50: AF 1000 on
    # 1.5 mg/L = 0.0015, not above fish NOEC / 100 = 0.9 / 100 = 0.009 → 0.0015.
    result = derive_aquatic([*BASE, FISH_NOEC])
    check(result, "FW-1000-CAP", 0.0015, 1000, critical_index=1)


def test_note_b_cap_a_short_term_pnec_may_not_exceed_the_long_term_one():
    # Note b, cap: fish NOEC 0.05 mg/L / 100 = 0.0005 < 1.5 / 1000 = 0.0015 → 0.0005 (AF 100
    # on the fish NOEC).
    result = derive_aquatic([*BASE, {**FISH_NOEC, "value": 0.05}])
    check(result, "FW-1000-CAP", 0.0005, 100, critical_index=3)
    assert any("capped" in note for note in result.notes)


def test_row_3_two_long_term_results_covering_the_most_sensitive_level_af_50():
    # Row 3 / note c (AF 50): Daphnia NOEC 0.12 and fish NOEC 0.9; Daphnia is the most
    # sensitive level → min 0.12 / 50 = 0.0024 mg/L.
    result = derive_aquatic([*BASE, DAPHNIA_NOEC, FISH_NOEC])
    check(result, "FW-50", 0.0024, 50, critical_index=3)


def test_note_b_two_long_term_results_not_covering_the_most_sensitive_level_af_100():
    # Note b, second paragraph (AF 100): algae NOEC 1.0 and fish NOEC 0.9, but the lowest
    # L(E)C50 is Daphnia's → 0.9 / 100 = 0.009 mg/L.
    result = derive_aquatic([*BASE, {**ALGA_NOEC, "value": 1.0}, FISH_NOEC])
    check(result, "FW-100-2LT", 0.009, 100, critical_index=4)


def test_short_term_value_of_another_level_below_the_critical_long_term_value_is_flagged():
    # Note b, second paragraph, with algae NOEC 1.8, fish NOEC 2.0: 1.8 / 100 = 0.018 mg/L;
    # the Daphnia EC50 (1.5) of the uncovered level is below the critical NOEC: a caution.
    result = derive_aquatic([*BASE, {**ALGA_NOEC, "value": 1.8}, {**FISH_NOEC, "value": 2.0}])
    check(result, "FW-100-2LT", 0.018, 100, critical_index=3)
    assert any(note.startswith("Caution") and "record 1" in note for note in result.notes)


def test_row_4_long_term_results_of_three_trophic_levels_af_10():
    # Row 4 / note d (AF 10): NOECs algae 0.4, Daphnia 0.12, fish 0.9 → 0.12 / 10 = 0.012.
    result = derive_aquatic([*BASE, ALGA_NOEC, DAPHNIA_NOEC, FISH_NOEC])
    check(result, "FW-10", 0.012, 10, critical_index=4)
    assert result.confirmed is True  # REACH Annex I footnote


def test_row_4_needs_no_short_term_data():
    # Row 4 with long-term data only: 0.12 / 10 = 0.012, with notes on the missing acute data.
    result = derive_aquatic([ALGA_NOEC, DAPHNIA_NOEC, FISH_NOEC])
    check(result, "FW-10", 0.012, 10, critical_index=1)
    assert sum("No short-term result" in note for note in result.notes) == 3


def test_note_c_three_long_term_results_missing_the_most_sensitive_group_af_50():
    # Note c, second sentence: the lowest L(E)C50 is an insect's (Chironomus 0.6 mg/L); NOECs
    # of algae, Daphnia and fish do not cover insects when sensitivity is judged by taxon
    # group → 0.12 / 50 = 0.0024. Judged by trophic level (R.10's wording) → row 4, 0.012.
    midge = rec("Chironomus riparius", "insect", "acute", "LC50", 0.6)
    data = [*BASE, midge, ALGA_NOEC, DAPHNIA_NOEC, FISH_NOEC]
    strict = derive_aquatic(data, sensitivity_by="taxon_group")
    check(strict, "FW-50-3LT", 0.0024, 50, critical_index=5)
    check(derive_aquatic(data), "FW-10", 0.012, 10)


def test_algal_noec_alone_is_not_used_unsupported():
    # TGD 2003 3.3.1.1: only an algal NOEC (1.0) among the long-term data → AF 1000 on the
    # lowest L(E)C50: 1.5 / 1000 = 0.0015 (1.0 / 100 = 0.01 is higher; no cap).
    result = derive_aquatic([*BASE, {**ALGA_NOEC, "value": 1.0}])
    check(result, "FW-1000-ALGAL", 0.0015, 1000, critical_index=1)
    assert result.confirmed is True


def test_algal_noec_alone_caps_the_pnec_as_an_npgov_extension():
    # npgov cap: algal NOEC 0.08 / 100 = 0.0008 < 0.0015 → 0.0008, flagged as provisional.
    result = derive_aquatic([*BASE, {**ALGA_NOEC, "value": 0.08}])
    check(result, "FW-1000-ALGAL", 0.0008, 100, critical_index=3)
    assert result.confirmed is False
    assert any("npgov" in note for note in result.notes)


def test_algal_noec_counts_as_an_additional_noec_with_other_long_term_data():
    # Row 3: algae NOEC 0.4 + Daphnia NOEC 0.12 (Daphnia most sensitive) → 0.12 / 50.
    check(derive_aquatic([*BASE, ALGA_NOEC, DAPHNIA_NOEC]), "FW-50", 0.0024, 50)


def test_lowest_value_of_any_species_is_used_standard_or_not():
    # Row 1 on a non-standard species: Gammarus LC50 0.7 mg/L → 0.7 / 1000 = 0.0007.
    gammarus = rec("Gammarus pulex", "crustacean", "acute", "LC50", 700, unit="µg/L")
    check(derive_aquatic([*BASE, gammarus]), "FW-1000", 0.0007, 1000, critical_index=3)


# --------------------------------------------------------------------------------------------
# Marine, Table R.10-5
# --------------------------------------------------------------------------------------------


def test_marine_row_1_short_term_base_set_af_10000():
    # Row 1 (AF 10000): 1.5 / 10000 = 0.00015 mg/L.
    result = derive_aquatic(BASE, "marine")
    check(result, "MW-10000", 0.00015, 10000, critical_index=1)
    assert result.confirmed is True  # TGD 2003 note a to Table 22


def test_marine_row_2_two_additional_marine_taxa_short_term_af_1000():
    # Row 2 (AF 1000): base set + mussel and sea urchin EC50s (marine) → 1.5 / 1000 = 0.0015.
    result = derive_aquatic([*BASE, MUSSEL, URCHIN], "marine")
    check(result, "MW-1000-ACUTE", 0.0015, 1000, critical_index=1)


def test_marine_additional_taxa_count_only_when_marine():
    # Row 1 again: the mollusc and echinoderm carry no medium, so they are not counted.
    plain = [{k: v for k, v in r.items() if k != "medium"} for r in (MUSSEL, URCHIN)]
    result = derive_aquatic([*BASE, *plain], "marine")
    check(result, "MW-10000", 0.00015, 10000)
    assert sum("not counted" in note for note in result.notes) == 2


def test_marine_row_3_one_long_term_result_af_1000():
    # Row 3 (AF 1000): Daphnia NOEC 0.12 (most sensitive level) → 0.12 / 1000 = 0.00012.
    check(derive_aquatic([*BASE, DAPHNIA_NOEC], "marine"), "MW-1000", 0.00012, 1000)


def test_marine_single_long_term_result_from_a_less_sensitive_level_is_capped():
    # As note b: fish NOEC 0.05 not from the most sensitive level; 1.5 / 10000 = 0.00015 is
    # above 0.05 / 1000 = 0.00005 → 0.00005.
    result = derive_aquatic([*BASE, {**FISH_NOEC, "value": 0.05}], "marine")
    check(result, "MW-CAP", 0.00005, 1000, critical_index=3)


def test_marine_row_4_two_long_term_results_af_500():
    # Row 4 (AF 500): Daphnia 0.12, fish 0.9 → 0.12 / 500 = 0.00024.
    check(derive_aquatic([*BASE, DAPHNIA_NOEC, FISH_NOEC], "marine"), "MW-500", 0.00024, 500)


def test_marine_two_long_term_results_not_covering_the_sensitive_level_af_1000():
    # As note b: algae 1.0 and fish 0.9, Daphnia most sensitive → 0.9 / 1000 = 0.0009.
    data = [*BASE, {**ALGA_NOEC, "value": 1.0}, FISH_NOEC]
    check(derive_aquatic(data, "marine"), "MW-1000-2LT", 0.0009, 1000)


def test_marine_row_5_three_long_term_results_af_100():
    # Row 5 (AF 100): 0.12 / 100 = 0.0012.
    data = [*BASE, ALGA_NOEC, DAPHNIA_NOEC, FISH_NOEC]
    check(derive_aquatic(data, "marine"), "MW-100", 0.0012, 100)


def test_marine_row_6_two_long_term_plus_one_additional_marine_taxon_af_50():
    # Row 6 (AF 50): Daphnia 0.12, fish 0.9, mussel 0.3 (marine) → 0.12 / 50 = 0.0024.
    data = [*BASE, DAPHNIA_NOEC, FISH_NOEC, MUSSEL_NOEC]
    check(derive_aquatic(data, "marine"), "MW-50", 0.0024, 50)


def test_marine_row_7_three_long_term_plus_two_additional_marine_taxa_af_10():
    # Row 7 (AF 10): NOECs algae 0.4, Daphnia 0.12, fish 0.9, mussel 0.3, urchin EC10 0.2 →
    # 0.12 / 10 = 0.012.
    data = [*BASE, ALGA_NOEC, DAPHNIA_NOEC, FISH_NOEC, MUSSEL_NOEC, URCHIN_NOEC]
    check(derive_aquatic(data, "marine"), "MW-10", 0.012, 10, critical_index=4)
    # An additional marine taxon can be the critical one: urchin EC10 0.05 → 0.05 / 10.
    data[-1] = {**URCHIN_NOEC, "value": 0.05}
    check(derive_aquatic(data, "marine"), "MW-10", 0.005, 10, critical_index=7)


def test_marine_daphnia_only_is_not_enough():
    # Only short-term Daphnia data: no PNEC; the TGD's exceptional AF 10000 is mentioned.
    result = derive_aquatic([DAPHNIA], "marine")
    assert not result.derived and "10000" in result.reason
    assert result.value_mg_per_l is None and result.rule is None


# --------------------------------------------------------------------------------------------
# SSD
# --------------------------------------------------------------------------------------------


def test_ssd_default_factor_5():
    # HC5 0.12 mg/L / 5 = 0.024 mg/L.
    result = from_ssd(0.12)
    assert result.basis == "SSD" and result.rule.id == "SSD"
    assert result.value_mg_per_l == pytest.approx(0.024)
    assert result.assessment_factor == 5 and result.rule.factor == 5
    assert result.confirmed is False
    assert result.critical["hc5_mg_per_l"] == pytest.approx(0.12)


def test_ssd_lower_factor_needs_a_justification():
    with pytest.raises(ValueError, match="factor.*justified"):
        from_ssd(0.12, factor=3)
    # 0.12 / 3 = 0.04 mg/L.
    result = from_ssd(0.12, factor=3, justification="16 species, 9 groups, mesocosm agrees")
    assert result.value_mg_per_l == pytest.approx(0.04)
    assert result.inputs["justification"].startswith("16 species")


@pytest.mark.parametrize("factor", [0.5, 6, 10, float("nan"), "five", True])
def test_ssd_factor_outside_1_to_5_is_refused(factor):
    with pytest.raises(ValueError, match="factor"):
        from_ssd(0.12, factor=factor, justification="x")


def test_ssd_units_lower_limit_and_data_set_size():
    # HC5 120 µg/L = 0.12 mg/L; lower limit 50 µg/L → 0.05 / 5 = 0.01 noted; 8 species and 6
    # groups are below R.10's 10 species / 8 groups.
    result = from_ssd(120, unit="µg/L", hc5_lower=50, n_species=8, n_taxonomic_groups=6)
    assert result.value_mg_per_l == pytest.approx(0.024)
    assert result.critical["hc5_lower_mg_per_l"] == pytest.approx(0.05)
    assert any("0.01 mg/L" in note for note in result.notes)
    assert any("8 species" in note for note in result.notes)
    assert any("6 taxonomic groups" in note for note in result.notes)


def test_ssd_bad_input_and_marine_flag():
    with pytest.raises(ValueError, match="hc5_lower"):
        from_ssd(0.12, hc5_lower=0.2)
    with pytest.raises(ValueError, match="hc5"):
        from_ssd(0)
    with pytest.raises(ValueError, match="unit"):
        from_ssd(0.12, unit="mg/kg")
    with pytest.raises(ValueError, match="compartment"):
        from_ssd(0.12, compartment="soil")
    marine = from_ssd(0.12, compartment="marine")
    assert marine.confirmed is False and any("marine" in n for n in marine.notes)


# --------------------------------------------------------------------------------------------
# Equilibrium partitioning
# --------------------------------------------------------------------------------------------


def test_sediment_eqp_by_hand():
    # Koc 1000 L/kg, PNEC_water 0.001 mg/L, defaults:
    # Kp_susp = 0.1 × 1000 = 100 L/kg
    # K_susp-water = 0 + 0.9 + 0.1 × 100/1000 × 2500 = 0.9 + 25 = 25.9 m3/m3
    # PNEC_sed = 25.9 / 1150 × 0.001 × 1000 = 0.022521739... mg/kg ww
    # dry weight: × 1150 / (0.1 × 2500) = × 4.6 → 0.1036 mg/kg dw
    result = sediment_eqp(0.001, koc=1000)
    assert result.kp_l_per_kg == pytest.approx(100)
    assert result.k_compartment_water == pytest.approx(25.9)
    assert result.value_mg_per_kg_wwt == pytest.approx(25.9 / 1150)
    assert result.wet_to_dry == pytest.approx(4.6)
    assert result.value_mg_per_kg_dwt == pytest.approx(0.1036)
    assert result.log_kow_factor == 1
    assert result.confirmed is False  # the defaults are not confirmed
    assert result.parameters["rho_susp"] == {
        **result.parameters["rho_susp"],
        "value": 1150.0,
        "default": True,
        "confirmed": False,
    }
    # The coefficients quoted in ECHA dossiers, (0.783 + 0.0217 Koc) × PNEC_water:
    assert result.value_mg_per_kg_wwt == pytest.approx((0.783 + 0.0217 * 1000) * 0.001, rel=2e-3)


def test_sediment_eqp_log_kow_above_5_divides_by_10():
    # log Kow 6 > 5: 0.0225217... / 10 = 0.00225217... mg/kg ww.
    result = sediment_eqp(0.001, koc=1000, log_kow=6)
    assert result.log_kow_factor == 10
    assert result.value_mg_per_kg_wwt == pytest.approx(25.9 / 1150 / 10)
    assert result.eqp_mg_per_kg_wwt == pytest.approx(25.9 / 1150)
    # Exactly 5 is not above 5.
    assert sediment_eqp(0.001, koc=1000, log_kow=5).log_kow_factor == 1
    # The factor can be switched off, with a note.
    off = sediment_eqp(0.001, koc=1000, log_kow=6, apply_log_kow_factor=False)
    assert off.log_kow_factor == 1 and any("not applied" in n for n in off.notes)


def test_sediment_eqp_overrides_and_kp():
    # foc_susp 0.05: Kp 50; K = 0.9 + 0.1 × 50/1000 × 2500 = 13.4 → 13.4 / 1150 × 2 µg/L
    # (0.002 mg/L) × 1000 = 0.0233043... mg/kg ww.
    result = sediment_eqp(2, koc=1000, unit="µg/L", foc_susp=0.05)
    assert result.k_compartment_water == pytest.approx(13.4)
    assert result.value_mg_per_kg_wwt == pytest.approx(13.4 / 1150 * 2)
    assert result.parameters["foc_susp"]["default"] is False
    # Kp given directly (50 L/kg) gives the same.
    assert sediment_eqp(0.002, kp=50).value_mg_per_kg_wwt == pytest.approx(13.4 / 1150 * 2)


def test_soil_eqp_by_hand():
    # Koc 1000 L/kg, PNEC_water 0.001 mg/L, defaults:
    # Kp_soil = 0.02 × 1000 = 20 L/kg
    # K_soil-water = 0.2 × 0 + 0.2 + 0.6 × 20/1000 × 2500 = 0.2 + 30 = 30.2 m3/m3
    # PNEC_soil = 30.2 / 1700 × 0.001 × 1000 = 0.0177647... mg/kg ww
    # dry weight: × 1700 / (0.6 × 2500) = × 1.1333... → 0.0201333... mg/kg dw
    result = soil_eqp(0.001, koc=1000)
    assert result.k_compartment_water == pytest.approx(30.2)
    assert result.value_mg_per_kg_wwt == pytest.approx(30.2 / 1700)
    assert result.wet_to_dry == pytest.approx(1700 / 1500)
    assert result.value_mg_per_kg_dwt == pytest.approx(30.2 / 1500)
    assert any("air term is neglected" in n for n in result.notes)
    # K_air-water 0.01 adds 0.2 × 0.01 = 0.002; foc_soil 0.04 doubles the solid term:
    # K = 0.002 + 0.2 + 0.6 × 40/1000 × 2500 = 60.202 → 60.202 / 1700 mg/kg ww.
    other = soil_eqp(0.001, koc=1000, k_air_water=0.01, foc_soil=0.04)
    assert other.value_mg_per_kg_wwt == pytest.approx(60.202 / 1700)
    # log Kow 5.5 > 5: divided by 10.
    assert soil_eqp(0.001, koc=1000, log_kow=5.5).value_mg_per_kg_wwt == pytest.approx(
        30.2 / 1700 / 10
    )


def test_eqp_from_a_pnec_result():
    # Row 4 PNEC 0.012 mg/L, Koc 1000: sediment 25.9 / 1150 × 0.012 × 1000 = 0.27026 mg/kg.
    water = derive_aquatic([*BASE, ALGA_NOEC, DAPHNIA_NOEC, FISH_NOEC])
    assert sediment_eqp(water, koc=1000).value_mg_per_kg_wwt == pytest.approx(
        25.9 / 1150 * 0.012 * 1000
    )
    with pytest.raises(ValueError, match="no water PNEC"):
        sediment_eqp(derive_aquatic([DAPHNIA]), koc=1000)


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: sediment_eqp(0.001), "koc"),
        (lambda: sediment_eqp(0.001, koc=-1), "koc"),
        (lambda: sediment_eqp(0, koc=10), "pnec_water"),
        (lambda: sediment_eqp(0.001, koc=10, unit="mg/kg"), "unit"),
        (lambda: sediment_eqp(0.001, koc=10, f_water_susp=0.8), "add up to 1"),
        (lambda: sediment_eqp(0.001, koc=10, rho_susp=0), "rho_susp"),
        (lambda: sediment_eqp(0.001, koc=10, foc_susp=1.5), "foc_susp"),
        (lambda: soil_eqp(0.001, koc=10, f_solid_soil=0, f_water_soil=0.8), "f_solid_soil"),
        (lambda: soil_eqp(0.001, koc=10, k_air_water=-1), "k_air_water"),
        (lambda: soil_eqp(0.001, koc="x"), "koc"),
        (lambda: soil_eqp(0.001, kp=-3), "kp"),
    ],
)
def test_eqp_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()


# --------------------------------------------------------------------------------------------
# Data rules: reliability, predicted values, units, aggregation
# --------------------------------------------------------------------------------------------


def test_unreliable_records_are_set_aside_when_reliable_ones_exist():
    # A Klimisch-3 Daphnia EC50 of 0.2 mg/L would lower the PNEC; it is set aside: row 1 on
    # the reliable data, 1.5 / 1000 = 0.0015, with a note naming record 3.
    result = derive_aquatic([*BASE, {**DAPHNIA, "value": 0.2, "reliability": 3}])
    check(result, "FW-1000", 0.0015, 1000)
    assert result.excluded == ((3, "reliability 3 (not reliable)"),)
    assert any("below the critical value: 3" in note for note in result.notes)


def test_only_unreliable_records_are_used_and_flagged():
    # All Klimisch 4: used (nothing else exists), reliability 4 in the result, screening note.
    result = derive_aquatic([{**r, "reliability": 4} for r in BASE])
    check(result, "FW-1000", 0.0015, 1000)
    assert result.reliability == 4
    assert any("screening only" in note for note in result.notes)


def test_predicted_values_only_where_no_experimental_value_exists():
    # A QSAR fish ChV is set aside because fish have experimental data (row 1 stays).
    qsar_fish = rec("fish (ECOSAR)", "fish", "chronic", "NOEC", 0.01, source_type="QSAR")
    result = derive_aquatic([*BASE, qsar_fish])
    check(result, "FW-1000", 0.0015, 1000)
    assert result.excluded[0][0] == 3 and "predicted" in result.excluded[0][1]
    assert result.experimental is True
    # Without experimental fish data, a read-across fish LC50 of 0.9 fills the level and is
    # the lowest: 0.9 / 1000 = 0.0009, flagged as not purely experimental.
    read_across = rec("Oncorhynchus mykiss", "fish", "acute", "LC50", 0.9,
                      source_type="read-across")  # fmt: skip
    result = derive_aquatic([ALGA, DAPHNIA, read_across])
    check(result, "FW-1000", 0.0009, 1000, critical_index=2)
    assert result.experimental is False
    assert result.critical["source_type"] == "predicted"
    assert any("Predicted" in note for note in result.notes)


@pytest.mark.parametrize(
    "value, unit",
    [(1.5, "mg/L"), (1500, "µg/L"), (1500, "μg/L"), (1500, "ug/L"), (1.5e6, "ng/L"),
     (1.5, "g/m3"), ("1,500", "µg/L")],
)  # fmt: skip
def test_units_are_converted_to_mg_per_l(value, unit):
    result = derive_aquatic([ALGA, {**DAPHNIA, "value": value, "unit": unit}, FISH])
    assert result.value_mg_per_l == pytest.approx(0.0015, rel=1e-12)
    assert result.critical["unit"] == unit and result.critical["value_mg_per_l"] == (
        pytest.approx(1.5)
    )


def test_geometric_mean_of_one_species_and_endpoint():
    # Daphnia EC50 1.0 and 4.0 → geometric mean 2.0 (lower than algae 3.2) → 0.002; with the
    # default (lowest value) → 1.0 / 1000 = 0.001.
    data = [ALGA, {**DAPHNIA, "value": 1.0}, FISH, {**DAPHNIA, "value": 4.0}]
    mean = derive_aquatic(data, same_species="geomean")
    check(mean, "FW-1000", 0.002, 1000)
    assert mean.critical["aggregated_from"] == [1, 3]
    check(derive_aquatic(data), "FW-1000", 0.001, 1000)


def test_lower_bound_values_are_used_at_face_value_and_noted():
    # Algae ErC50 > 1.2 mg/L is the lowest: 1.2 / 1000 = 0.0012, noted as conservative.
    result = derive_aquatic([{**ALGA, "value": 1.2, "qualifier": ">"}, DAPHNIA, FISH])
    check(result, "FW-1000", 0.0012, 1000, critical_index=0)
    assert result.critical["qualifier"] == ">"
    assert any("lower bound" in note for note in result.notes)


def test_endpoints_outside_the_scheme_are_set_aside_with_a_reason():
    # A long-term EC50 and a short-term NOEC are not used; row 1 on the rest.
    chronic_ec50 = rec("Daphnia magna", "crustacean", "chronic", "EC50", 0.05)
    acute_noec = rec("Danio rerio", "fish", "acute", "NOEC", 0.01)
    result = derive_aquatic([*BASE, chronic_ec50, acute_noec])
    check(result, "FW-1000", 0.0015, 1000)
    assert [i for i, _ in result.excluded] == [3, 4]
    assert "long-term L(E)C50" in result.excluded[0][1]


def test_records_as_dataclasses_round_trip_and_extra_keys_pass_through():
    parsed = [parse_record({**r, "study_id": f"S{i}"}, i) for i, r in enumerate(BASE)]
    assert all(isinstance(r, ToxicityRecord) for r in parsed)
    result = derive_aquatic(parsed)
    check(result, "FW-1000", 0.0015, 1000)
    assert result.critical["study_id"] == "S1"
    # Aliases and a consistent trophic level are accepted.
    spellings = {"taxon_group": "Crustacea", "trophic_level": "Invertebrates",
                 "duration": "short-term", "endpoint": "ec 50", "reliability": "K2"}  # fmt: skip
    alias = parse_record({**DAPHNIA, **spellings})
    assert (alias.taxon_group, alias.duration, alias.endpoint, alias.reliability) == (
        "crustacean",
        "acute",
        "EC50",
        2,
    )


# --------------------------------------------------------------------------------------------
# No PNEC, and bad input
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "records, words",
    [
        ([], "No records"),
        ([DAPHNIA], "single trophic level"),
        ([DAPHNIA, {**DAPHNIA, "species": "Ceriodaphnia dubia"}], "single trophic level"),
        ([ALGA, DAPHNIA], "missing: fish"),
        ([DAPHNIA_NOEC, FISH_NOEC], "missing: algae"),
        ([rec("Danio rerio", "fish", "acute", "NOEC", 0.01)], "every record was set aside"),
    ],
)
def test_no_pnec_without_the_base_set(records, words):
    result = derive_aquatic(records)
    assert not result.derived and words in result.reason
    assert result.value_mg_per_l is None and result.assessment_factor is None
    assert result.as_dict()["derived"] is False


@pytest.mark.parametrize(
    "change, match",
    [
        ({"value": None}, r"record 1: field 'value' = None: is missing"),
        ({"value": 0}, r"record 1: field 'value' = 0: must be a positive number"),
        ({"value": -2}, r"record 1: field 'value' = -2"),
        ({"value": float("nan")}, r"record 1: field 'value'"),
        ({"value": "abc"}, r"record 1: field 'value' = 'abc'"),
        ({"value": ">2"}, r"record 1: field 'value'"),
        ({"value": True}, r"record 1: field 'value' = True"),
        ({"unit": "mg/kg"}, r"record 1: field 'unit' = 'mg/kg'"),
        ({"unit": "furlong"}, r"record 1: field 'unit' = 'furlong'"),
        ({"unit": "mol/L"}, r"record 1: field 'unit' = 'mol/L'"),
        ({"unit": 5}, r"record 1: field 'unit' = 5"),
        ({"duration": "subchronic"}, r"record 1: field 'duration' = 'subchronic'"),
        ({"endpoint": "LOEC"}, r"record 1: field 'endpoint' = 'LOEC'"),
        ({"taxon_group": "bacteria"}, r"record 1: field 'taxon_group' = 'bacteria'"),
        ({"trophic_level": "fish"}, r"record 1: field 'trophic_level' = 'fish': contradicts"),
        ({"trophic_level": "apex"}, r"record 1: field 'trophic_level' = 'apex'"),
        ({"reliability": 5}, r"record 1: field 'reliability' = 5"),
        ({"reliability": "high"}, r"record 1: field 'reliability' = 'high'"),
        ({"reliability": True}, r"record 1: field 'reliability' = True"),
        ({"reliability": 1.5}, r"record 1: field 'reliability' = 1.5"),
        ({"source_type": "guess"}, r"record 1: field 'source_type' = 'guess'"),
        ({"qualifier": "<"}, r"record 1: field 'qualifier' = '<': an upper bound"),
        ({"qualifier": "?"}, r"record 1: field 'qualifier' = '\?'"),
        ({"medium": "lake"}, r"record 1: field 'medium' = 'lake'"),
        ({"species": ""}, r"record 1: field 'species' = '': is missing"),
        ({"species": 3}, r"record 1: field 'species' = 3: must be text"),
    ],
)
def test_bad_records_name_index_field_and_value(change, match):
    with pytest.raises(ValueError, match=match):
        derive_aquatic([ALGA, {**DAPHNIA, **change}, FISH])


def test_bad_arguments():
    with pytest.raises(ValueError, match="record 0: expected a mapping"):
        derive_aquatic([["Daphnia", 1.5]])
    with pytest.raises(ValueError, match="list of records"):
        derive_aquatic(DAPHNIA)
    with pytest.raises(ValueError, match="compartment"):
        derive_aquatic(BASE, "estuary")
    with pytest.raises(ValueError, match="sensitivity_by"):
        derive_aquatic(BASE, sensitivity_by="species")
    with pytest.raises(ValueError, match="same_species"):
        derive_aquatic(BASE, same_species="mean")
    missing = {k: v for k, v in DAPHNIA.items() if k != "reliability"}
    with pytest.raises(ValueError, match="record 1: field 'reliability' = None: is missing"):
        derive_aquatic([ALGA, missing])


# --------------------------------------------------------------------------------------------
# JSON entry point
# --------------------------------------------------------------------------------------------


def test_json_records_with_sediment_and_soil():
    data = {"substance": {"name": "example"}, "compartment": "freshwater",
            "records": [*BASE, ALGA_NOEC, DAPHNIA_NOEC, FISH_NOEC], "koc": 1000, "log_kow": 3.1,
            "eqp": {"foc_soil": 0.02}}  # fmt: skip
    out = pnec_from_json(data)
    json.dumps(out)  # JSON-able
    assert out["substance"] == {"name": "example"}
    assert out["water"]["value_mg_per_l"] == pytest.approx(0.012)
    assert out["water"]["rule"]["id"] == "FW-10"
    # 25.9 / 1150 × 0.012 × 1000 and 30.2 / 1700 × 0.012 × 1000 mg/kg ww.
    assert out["sediment"]["value_mg_per_kg_wwt"] == pytest.approx(25.9 / 1150 * 12)
    assert out["soil"]["value_mg_per_kg_wwt"] == pytest.approx(30.2 / 1700 * 12)
    assert out["soil"]["parameters"]["foc_soil"]["default"] is False


def test_json_ssd_marine_and_no_water_pnec():
    out = pnec_from_json({"hc5": 120, "unit": "µg/L", "compartment": "marine", "koc": 100})
    json.dumps(out)
    assert out["water"]["basis"] == "SSD" and out["water"]["value_mg_per_l"] == pytest.approx(0.024)
    # Marine: sediment only, K = 0.9 + 0.1 × 10/1000 × 2500 = 3.4 → 3.4 / 1150 × 24.
    assert out["sediment"]["value_mg_per_kg_wwt"] == pytest.approx(3.4 / 1150 * 24)
    assert "soil" not in out and out["notes"]
    none = pnec_from_json({"records": [DAPHNIA], "koc": 100})
    assert none["water"]["derived"] is False
    assert none["sediment"] is None and none["soil"] is None and none["notes"]
    kp_only = pnec_from_json({"records": BASE, "eqp": {"kp_susp": 50}})
    assert set(kp_only) == {"water", "sediment", "notes"}


@pytest.mark.parametrize(
    "data, match",
    [
        ([], "JSON object"),
        ({"records": BASE, "hc5": 1}, "not both"),
        ({"compartment": "freshwater"}, "give 'records'"),
        ({"records": BASE, "colour": "red"}, "unknown key"),
        ({"records": {"a": 1}}, "must be a list"),
        ({"records": BASE, "koc": 10, "eqp": {"foc": 0.1}}, "eqp: unknown"),
        ({"records": BASE, "koc": 10, "eqp": [1]}, "eqp"),
        ({"hc5": -1}, "hc5"),
        ({"records": [ALGA, {**DAPHNIA, "unit": "mg/kg"}]}, "record 1: field 'unit'"),
    ],
)
def test_json_bad_input(data, match):
    with pytest.raises(ValueError, match=match):
        pnec_from_json(data)


def test_result_as_dict_is_json_able():
    result = derive_aquatic([*BASE, {**DAPHNIA, "reliability": 3}, FISH_NOEC])
    text = json.dumps(result.as_dict())
    back = json.loads(text)
    assert back["excluded"] == [{"index": 3, "reason": "reliability 3 (not reliable)"}]
    assert back["rule"]["id"] == result.rule.id and isinstance(result, PnecResult)


# --------------------------------------------------------------------------------------------
# The data file
# --------------------------------------------------------------------------------------------


def test_every_rule_and_default_has_a_source_and_a_confirmed_flag():
    data = reference_data()
    for scheme in ("freshwater", "marine"):
        for rule_id, rule in data[scheme]["rules"].items():
            assert rule["source"]["guidance"] and rule["source"]["table"], rule_id
            assert isinstance(rule["confirmed"], bool), rule_id
            assert rule.get("confirmed_by") if rule["confirmed"] else True, rule_id
    for default in data["eqp"]["defaults"].values():
        assert default["source"] and default["unit"] and isinstance(default["confirmed"], bool)
    assert {r["factor"] for r in data["freshwater"]["rules"].values()} == {10, 50, 100, 1000}
    assert {r["factor"] for r in data["marine"]["rules"].values()} == {
        10, 50, 100, 500, 1000, 10000
    }  # fmt: skip
    assert pnec.DATA_PATH.name == "assessment_factors.yaml"
    # reference_data() is a copy.
    data["freshwater"]["rules"]["FW-10"]["factor"] = 1
    assert reference_data()["freshwater"]["rules"]["FW-10"]["factor"] == 10


# --------------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------------

GROUPS = ["algae", "crustacean", "fish", "insect", "mollusc", "echinoderm"]
ENDPOINTS = {"acute": ["EC50", "LC50"], "chronic": ["NOEC", "EC10"]}


@st.composite
def data_sets(draw):
    n = draw(st.integers(1, 9))
    # Distinct values, so that no two groups tie for the lowest L(E)C50 (a tie changes which
    # group counts as the most sensitive).
    values = draw(st.lists(st.integers(1, 10**6), min_size=n, max_size=n, unique=True))
    records = []
    for i, value in enumerate(values):
        duration = draw(st.sampled_from(["acute", "chronic"]))
        # The first three records are mostly algae, crustacean and fish, so that most data
        # sets reach a rule of the table.
        group = GROUPS[i] if i < 3 and draw(st.integers(0, 4)) else draw(st.sampled_from(GROUPS))
        records.append(
            rec(
                f"species {draw(st.integers(0, 4))}",
                group,
                duration,
                draw(st.sampled_from(ENDPOINTS[duration])),
                value / 1000,
                medium=draw(st.sampled_from([None, "marine", "freshwater"])),
                reliability=draw(st.sampled_from([1, 2])),
            )
        )
    return records


SETTINGS = settings(max_examples=150, deadline=None)
OPTIONS = st.sampled_from(
    [("freshwater", "trophic_level"), ("freshwater", "taxon_group"),
     ("marine", "trophic_level"), ("marine", "taxon_group")]
)  # fmt: skip


@SETTINGS
@given(data_sets(), OPTIONS)
def test_pnec_never_exceeds_the_lowest_reliable_long_term_value_over_10(records, options):
    compartment, by = options
    result = derive_aquatic(records, compartment, sensitivity_by=by)
    chronic = [r["value"] for r in records if r["duration"] == "chronic"]
    if result.derived:
        assert result.assessment_factor in {10, 50, 100, 500, 1000, 10000}
        assert result.value_mg_per_l == pytest.approx(
            result.critical["value_mg_per_l"] / result.assessment_factor
        )
        if chronic:
            assert result.value_mg_per_l <= min(chronic) / 10 * (1 + 1e-12)
    else:
        assert result.reason


@SETTINGS
@given(data_sets(), OPTIONS, st.floats(0.01, 0.99))
def test_a_lower_value_of_the_critical_group_never_raises_the_pnec(records, options, fraction):
    compartment, by = options
    result = derive_aquatic(records, compartment, sensitivity_by=by)
    assume(result.derived)
    critical = result.critical
    lower = critical["value"] * fraction
    assume(all(lower != r["value"] for r in records))
    added = rec("added species", critical["taxon_group"], critical["duration"],
                critical["endpoint"], lower, medium=critical["medium"])  # fmt: skip
    again = derive_aquatic([*records, added], compartment, sensitivity_by=by)
    assert again.derived
    assert again.value_mg_per_l <= result.value_mg_per_l * (1 + 1e-12)


@SETTINGS
@given(data_sets(), OPTIONS, st.integers(-6, 6), st.randoms(use_true_random=False))
def test_scaling_and_order_do_not_change_the_rule(records, options, power, random):
    compartment, by = options
    result = derive_aquatic(records, compartment, sensitivity_by=by)
    scaled = [{**r, "value": r["value"] * 2.0**power} for r in records]
    random.shuffle(scaled)
    again = derive_aquatic(scaled, compartment, sensitivity_by=by)
    assert again.derived == result.derived
    if result.derived:
        assert again.rule.id == result.rule.id
        assert again.assessment_factor == result.assessment_factor
        assert again.value_mg_per_l == pytest.approx(result.value_mg_per_l * 2.0**power)
        assert math.isfinite(again.value_mg_per_l)


def test_an_ssd_needs_ten_species_over_the_three_trophic_levels():
    # R.10 (R.10.3.1.3): at least 10 long-term values of different species; the base set's
    # three trophic levels must be among them (taxon groups by their aliases).
    from npgov.science.pnec import ssd_sufficient

    ten = ["algae", "plants", "daphnia", "insect", "fish", "fish", "crustacean", "mollusc",
           "fish", "algae"]  # fmt: skip
    assert ssd_sufficient(ten) == (True, ())
    assert ssd_sufficient(ten[:9]) == (False, ())
    assert ssd_sufficient(["daphnia"] * 12) == (False, ("algae", "fish"))
    assert ssd_sufficient(iter(ten)) == (True, ())  # any iterable, read once


def test_the_protective_pnec_is_the_lowest_derived_one():
    from npgov.science.pnec import from_ssd, protective

    ssd_based = from_ssd(0.05)  # HC5 0.05 mg/L / 5 = 0.01 mg/L
    by_factors = derive_aquatic(BASE, compartment="freshwater")  # 1.5 mg/L / 1000
    none = derive_aquatic([], compartment="freshwater")
    assert protective(ssd_based, None, none) is ssd_based
    assert by_factors.value_mg_per_l == pytest.approx(0.0015)  # the lower of the two
    assert protective(ssd_based, by_factors) is by_factors
    assert protective(None, none) is None
