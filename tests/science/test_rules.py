"""Tests for npgov.science.rules with measures mirroring the Key Controlled New Pollutants List."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from npgov.science.rules import (
    ACTIVITIES,
    DECISIONS,
    SEVERITY,
    Decision,
    Limit,
    Measure,
    RuleError,
    UseSpec,
    evaluate,
    match_use,
)

LIST_CODE = "KCNP-2023"
LIST_NAME_ZH = "重点管控新污染物清单（2023年版）"
SOURCE = "生态环境部 工业和信息化部 农业农村部 商务部 海关总署 国家市场监督管理总局令第28号"
IN_FORCE = date(2023, 3, 1)
END_2023 = date(2023, 12, 31)
FROM_2024 = date(2024, 1, 1)
TRADE = ("import", "export")


def kcnp(entry: str, name_zh: str, activity: str, kind: str, **fields: object) -> Measure:
    """A measure of the 2023 list, in force from 2023-03-01 unless told otherwise."""
    fields.setdefault("effective_from", IN_FORCE)
    suffix = fields.pop("suffix", "")
    return Measure(
        key=f"KCNP2023-{entry}-{activity}{suffix}",
        list_code=LIST_CODE,
        list_name_zh=LIST_NAME_ZH,
        entry=entry,
        entry_name_zh=name_zh,
        activity=activity,
        kind=kind,
        source=SOURCE,
        **fields,
    )


def trade_permit_then_ban(entry: str, name_zh: str) -> list[Measure]:
    """Import and export: release notice required until 2023-12-31, prohibited from 2024-01-01."""
    measures = []
    for activity in TRADE:
        measures.append(kcnp(entry, name_zh, activity, "permit_required", effective_until=END_2023))
        measures.append(
            kcnp(entry, name_zh, activity, "prohibited", effective_from=FROM_2024, suffix="-ban")
        )
    return measures


PFOS_NAME = "全氟辛基磺酸及其盐类和全氟辛基磺酰氟"
PFOS_FOAM = UseSpec(
    "pfos.fire_fighting_foam",
    "用于生产灭火泡沫药剂",
    "manufacture of fire-fighting foam agents",
    until=END_2023,
)


def pfos_measures() -> list[Measure]:
    return [
        kcnp("1", PFOS_NAME, "production", "prohibited"),
        kcnp(
            "1",
            PFOS_NAME,
            "processing_use",
            "prohibited_except_exemptions",
            exemptions=(PFOS_FOAM,),
        ),
        *trade_permit_then_ban("1", PFOS_NAME),
    ]


PFOA_NAME = "全氟辛酸及其盐类和相关化合物"
PFOA_EXEMPTIONS = (
    UseSpec(
        "pfoa.semiconductor_lithography",
        "半导体制造中的光刻或蚀刻工艺",
        "photolithography or etching in semiconductor manufacturing",
    ),
    UseSpec("pfoa.photographic_coating", "用于胶卷的摄影涂料", "photographic coatings for films"),
    UseSpec(
        "pfoa.protective_textiles",
        "保护工人免受危险液体造成的健康和安全风险影响的拒油拒水纺织品",
        "oil- and water-repellent textiles protecting workers from hazardous liquids",
    ),
    UseSpec("pfoa.medical_devices", "侵入性和可植入的医疗装置", "invasive and implantable devices"),
    UseSpec(
        "pfoa.pfob_pharmaceuticals",
        "使用全氟碘辛烷生产全氟溴辛烷用于药品生产",
        "perfluorooctyl iodide to make perfluorooctyl bromide for pharmaceuticals",
    ),
    UseSpec(
        "pfoa.ptfe_pvdf",
        "为生产高性能耐腐蚀气体过滤膜、水过滤膜和医疗用布膜、工业废热交换器设备以及防止VOCs和"
        "PM2.5泄漏的工业密封剂等而制造PTFE和PVDF",
        "manufacture of PTFE and PVDF for membranes, heat exchangers and sealants",
    ),
    UseSpec(
        "pfoa.fep_cable",
        "制造用于生产输电用高压电线电缆的聚全氟乙丙烯（FEP）",
        "manufacture of FEP for high-voltage power transmission wire and cable",
    ),
)


def pfoa_measures() -> list[Measure]:
    measures = [
        kcnp("2", PFOA_NAME, activity, "prohibited_except_exemptions", exemptions=PFOA_EXEMPTIONS)
        for activity in ("production", "processing_use")
    ]
    measures += [kcnp("2", PFOA_NAME, activity, "permit_required") for activity in TRADE]
    return measures


DECABDE_NAME = "十溴二苯醚"
DECABDE_EXEMPTIONS = (
    UseSpec(
        "decabde.flame_retarded_textiles",
        "需具备阻燃特点的纺织产品（不包括服装和玩具）",
        "flame-retarded textiles (not clothing or toys)",
        until=END_2023,
    ),
    UseSpec(
        "decabde.appliance_housings",
        "塑料外壳添加剂及家用取暖电器、熨斗、风扇、浸入式加热器部件（按零件重量计浓度低于10%）",
        "plastic housings and parts of domestic heaters, irons, fans, immersion heaters",
        until=END_2023,
    ),
    UseSpec(
        "decabde.pu_insulation_foam",
        "用于建筑绝缘的聚氨酯泡沫塑料",
        "polyurethane foam for building insulation",
        until=END_2023,
    ),
)


def decabde_measures() -> list[Measure]:
    measures = [
        kcnp(
            "3",
            DECABDE_NAME,
            activity,
            "prohibited_except_exemptions",
            exemptions=DECABDE_EXEMPTIONS,
        )
        for activity in ("production", "processing_use")
    ]
    return measures + trade_permit_then_ban("3", DECABDE_NAME)


DP_NAME = "得克隆及其顺式异构体和反式异构体"


def dp_measures() -> list[Measure]:
    return [
        kcnp("9", DP_NAME, activity, "prohibited", effective_from=FROM_2024)
        for activity in ("production", "processing_use", *TRADE)
    ]


DCM_NAME = "二氯甲烷"
DCM_PAINT_STRIPPER = UseSpec(
    "dcm.paint_stripper", "禁止生产含二氯甲烷的脱漆剂", "paint strippers containing DCM"
)
DCM_COSMETICS = UseSpec(
    "dcm.cosmetics",
    "禁止用作化妆品组分（化妆品安全技术规范）",
    "cosmetic ingredient (Safety and Technical Standards for Cosmetics)",
)
GB_38508 = "GB 38508-2020"
CLEANER_BASIS = "sum of DCM, TCM, TCE, PCE"
DCM_LIMITS = (
    Limit(0.5, "% by mass", CLEANER_BASIS, "cleaning_agent.water_based", GB_38508),
    Limit(2, "% by mass", CLEANER_BASIS, "cleaning_agent.semi_aqueous", GB_38508),
    Limit(20, "% by mass", CLEANER_BASIS, "cleaning_agent.organic_solvent", GB_38508),
)


def dcm_measures() -> list[Measure]:
    return [
        kcnp("10", DCM_NAME, "production", "restricted", banned_uses=(DCM_PAINT_STRIPPER,)),
        kcnp("10", DCM_NAME, "processing_use", "restricted", banned_uses=(DCM_COSMETICS,)),
        *(kcnp("10", DCM_NAME, activity, "not_prohibited") for activity in TRADE),
        kcnp("10", DCM_NAME, "use_in_products", "limit", limits=DCM_LIMITS),
    ]


NP_NAME = "壬基酚"
NP_BANNED = (
    UseSpec("np.pesticide_adjuvant", "禁止用作助剂生产农药产品", "adjuvant in pesticide products"),
    UseSpec("np.npeo", "禁止用于生产壬基酚聚氧乙烯醚", "manufacture of nonylphenol ethoxylates"),
    UseSpec("np.cosmetics", "禁止用作化妆品组分（化妆品安全技术规范）", "cosmetic ingredient"),
)


def np_measures() -> list[Measure]:
    return [
        kcnp("12", NP_NAME, "production", "not_prohibited"),
        kcnp("12", NP_NAME, "processing_use", "restricted", banned_uses=NP_BANNED),
        *(kcnp("12", NP_NAME, activity, "not_prohibited") for activity in TRADE),
    ]


HBCDD_NAME = "六溴环十二烷"


def hbcdd_measures() -> list[Measure]:
    return [
        kcnp(
            "14-1",
            HBCDD_NAME,
            activity,
            "prohibited",
            provisional=True,
            note_en="Measures of group 14 not seen in any retrieved source.",
        )
        for activity in ("production", "processing_use", *TRADE)
    ]


ALL_MEASURES: tuple[Measure, ...] = (
    *pfos_measures(),
    *pfoa_measures(),
    *decabde_measures(),
    *dp_measures(),
    *dcm_measures(),
    *np_measures(),
    *hbcdd_measures(),
)


def ev(measures: list[Measure], activity: str, on: date, **kwargs: object) -> Decision:
    return evaluate(measures, activity=activity, on=on, **kwargs)


# --- fixtures themselves ----------------------------------------------------------------------


def test_fixture_keys_are_unique():
    keys = [measure.key for measure in ALL_MEASURES]
    assert len(keys) == len(set(keys))


def test_pfoa_has_the_seven_exemptions_without_end_date():
    assert len(PFOA_EXEMPTIONS) == 7
    assert all(spec.until is None for spec in PFOA_EXEMPTIONS)


# --- PFOS -------------------------------------------------------------------------------------


def test_pfos_fire_fighting_foam_is_exempt_during_2023():
    result = ev(pfos_measures(), "processing_use", date(2023, 6, 1), use="用于生产灭火泡沫药剂")
    assert result.decision == "permitted_under_exemption"
    assert result.until == END_2023
    assert result.rules[0].matched_use == PFOS_FOAM
    assert "2023-12-31" in result.rules[0].reason_en
    assert result.provisional is False


def test_pfos_fire_fighting_foam_exemption_ended():
    result = ev(pfos_measures(), "processing_use", date(2024, 6, 1), use="用于生产灭火泡沫药剂")
    assert result.decision == "prohibited"
    rule = result.rules[0]
    assert "ended on 2023-12-31" in rule.reason_en
    assert "2023年12月31日" in rule.reason_zh
    assert rule.matched_use == PFOS_FOAM


def test_pfos_processing_use_without_use_is_prohibited_and_lists_exemptions():
    result = ev(pfos_measures(), "processing_use", date(2023, 6, 1))
    assert result.decision == "prohibited"
    assert "manufacture of fire-fighting foam agents" in result.rules[0].reason_en
    assert "用于生产灭火泡沫药剂" in result.rules[0].reason_zh


def test_pfos_processing_use_for_unlisted_use_is_prohibited():
    result = ev(pfos_measures(), "processing_use", date(2023, 6, 1), use="电镀铬雾抑制剂")
    assert result.decision == "prohibited"
    assert "电镀铬雾抑制剂" in result.rules[0].reason_en


def test_pfos_production_is_prohibited():
    result = ev(pfos_measures(), "production", date(2023, 6, 1), use="用于生产灭火泡沫药剂")
    assert result.decision == "prohibited"
    assert result.until is None


def test_pfos_import_needs_permit_in_2023():
    result = ev(pfos_measures(), "import", date(2023, 6, 1))
    assert result.decision == "restricted"
    assert result.until == END_2023
    assert [rule.measure.kind for rule in result.rules] == ["permit_required"]
    assert "release notice" in result.rules[0].reason_en
    assert "放行通知单" in result.rules[0].reason_zh


def test_pfos_import_prohibited_from_2024():
    result = ev(pfos_measures(), "import", FROM_2024)
    assert result.decision == "prohibited"
    assert [rule.measure.key for rule in result.rules] == ["KCNP2023-1-import-ban"]
    assert result.until is None


def test_pfos_export_on_last_permit_day():
    result = ev(pfos_measures(), "export", END_2023)
    assert result.decision == "restricted"
    assert result.until == END_2023


def test_pfos_before_the_list_is_in_force():
    for activity in ("production", "processing_use", "import", "export"):
        result = ev(pfos_measures(), activity, date(2023, 2, 28))
        assert result.decision == "not_regulated"
        assert result.rules == ()
        assert result.until is None


# --- PFOA and decaBDE -------------------------------------------------------------------------


def test_pfoa_semiconductor_exemption_has_no_end_date():
    result = ev(
        pfoa_measures(), "processing_use", date(2025, 1, 1), use="半导体制造中的光刻或蚀刻工艺"
    )
    assert result.decision == "permitted_under_exemption"
    assert result.until is None
    assert result.rules[0].matched_use == PFOA_EXEMPTIONS[0]
    assert "no end date" in result.rules[0].reason_en


def test_pfoa_exemption_matches_by_code():
    result = ev(pfoa_measures(), "production", date(2025, 1, 1), use="PFOA.FEP_Cable")
    assert result.decision == "permitted_under_exemption"
    assert result.rules[0].matched_use == PFOA_EXEMPTIONS[6]


def test_pfoa_exemption_matches_despite_width_and_spacing():
    use = " 制造用于生产输电用 高压电线电缆的聚全氟乙丙烯(FEP) "
    result = ev(pfoa_measures(), "processing_use", date(2025, 1, 1), use=use)
    assert result.decision == "permitted_under_exemption"
    assert result.rules[0].matched_use == PFOA_EXEMPTIONS[6]
    assert result.use == use.strip()


def test_pfoa_unlisted_use_is_prohibited():
    result = ev(pfoa_measures(), "processing_use", date(2025, 1, 1), use="不粘锅涂层")
    assert result.decision == "prohibited"


def test_pfoa_import_needs_permit_without_end():
    result = ev(pfoa_measures(), "import", date(2025, 1, 1))
    assert result.decision == "restricted"
    assert result.until is None


def test_decabde_exemption_until_end_of_2023():
    use = "用于建筑绝缘的聚氨酯泡沫塑料"
    during = ev(decabde_measures(), "production", END_2023, use=use)
    assert during.decision == "permitted_under_exemption"
    assert during.until == END_2023
    after = ev(decabde_measures(), "production", FROM_2024, use=use)
    assert after.decision == "prohibited"
    assert "2023-12-31" in after.rules[0].reason_en


# --- Dechlorane Plus, DCM, HBCDD, NP ----------------------------------------------------------


def test_dechlorane_plus_prohibited_from_2024():
    before = ev(dp_measures(), "production", END_2023)
    assert before.decision == "not_regulated"
    assert before.rules == ()
    after = ev(dp_measures(), "production", FROM_2024)
    assert after.decision == "prohibited"
    assert after.rules[0].measure.entry == "9"


def test_dcm_paint_stripper_production_is_prohibited():
    result = ev(dcm_measures(), "production", date(2024, 6, 1), use="dcm.paint_stripper")
    assert result.decision == "prohibited"
    assert result.rules[0].matched_use == DCM_PAINT_STRIPPER
    assert "禁止生产含二氯甲烷的脱漆剂" in result.rules[0].reason_zh


def test_dcm_paint_stripper_matches_by_text():
    result = ev(dcm_measures(), "production", date(2024, 6, 1), use="生产含二氯甲烷的脱漆剂")
    assert result.decision == "prohibited"


def test_dcm_production_without_use_is_restricted():
    result = ev(dcm_measures(), "production", date(2024, 6, 1))
    assert result.decision == "restricted"
    assert "paint strippers containing DCM" in result.rules[0].reason_en


def test_dcm_water_based_cleaner_limit():
    result = ev(
        dcm_measures(), "use_in_products", date(2024, 6, 1), product="cleaning_agent.water_based"
    )
    assert result.decision == "limit"
    assert result.limits == (DCM_LIMITS[0],)
    (limit,) = result.limits
    assert (limit.value, limit.unit, limit.standard) == (0.5, "% by mass", "GB 38508-2020")
    assert result.rules[0].limit == DCM_LIMITS[0]
    assert "0.5 % by mass" in result.rules[0].reason_en
    assert "GB 38508-2020" in result.rules[0].reason_zh


def test_dcm_limit_without_product_gives_all_limits():
    result = ev(dcm_measures(), "use_in_products", date(2024, 6, 1))
    assert result.decision == "limit"
    assert result.limits == DCM_LIMITS
    assert result.rules[0].limit is None


def test_dcm_limit_for_other_product_is_not_regulated():
    result = ev(dcm_measures(), "use_in_products", date(2024, 6, 1), product="toy")
    assert result.decision == "not_regulated"
    assert result.limits == ()
    assert len(result.rules) == 1
    assert "toy" in result.rules[0].reason_en


def test_limit_product_matches_as_dotted_prefix_only():
    general = Limit(1, "% by mass", product="cleaning_agent", standard="GB 38508-2020")
    anywhere = Limit(5, "mg/kg")
    measure = kcnp("10", DCM_NAME, "use_in_products", "limit", limits=(general, anywhere))
    covered = ev([measure], "use_in_products", date(2024, 6, 1), product="cleaning_agent.x")
    assert covered.limits == (general, anywhere)
    other = ev([measure], "use_in_products", date(2024, 6, 1), product="cleaning_agents")
    assert other.limits == (anywhere,)
    assert other.rules[0].limit == anywhere


def test_dcm_import_is_not_regulated_but_listed():
    result = ev(dcm_measures(), "import", date(2024, 6, 1))
    assert result.decision == "not_regulated"
    assert [rule.measure.kind for rule in result.rules] == ["not_prohibited"]


def test_hbcdd_is_prohibited_provisionally():
    result = ev(hbcdd_measures(), "production", date(2024, 6, 1))
    assert result.decision == "prohibited"
    assert result.provisional is True
    assert result.rules[0].measure.entry == "14-1"


def test_np_pesticide_adjuvant_is_prohibited():
    for use in ("np.pesticide_adjuvant", "用作助剂生产农药产品", "禁止用作助剂生产农药产品"):
        result = ev(np_measures(), "processing_use", date(2024, 6, 1), use=use)
        assert result.decision == "prohibited", use
        assert result.rules[0].matched_use == NP_BANNED[0]


def test_np_other_use_is_restricted():
    result = ev(np_measures(), "processing_use", date(2024, 6, 1), use="纺织印染助剂")
    assert result.decision == "restricted"
    assert result.rules[0].matched_use is None


# --- combination ------------------------------------------------------------------------------


def toxic_list_measure(activity: str, kind: str, **fields: object) -> Measure:
    return Measure(
        key=f"SRTC-PFOS-{activity}",
        list_code="SRTC",
        list_name_zh="中国严格限制的有毒化学品名录",
        entry="PFOS",
        entry_name_zh=PFOS_NAME,
        activity=activity,
        kind=kind,
        **fields,
    )


def test_two_lists_prohibited_beats_restricted_and_orders_rules():
    restricted = toxic_list_measure("import", "permit_required")
    measures = [restricted, *pfos_measures()]
    result = ev(measures, "import", date(2024, 6, 1))
    assert result.decision == "prohibited"
    assert [rule.decision for rule in result.rules] == ["prohibited", "restricted"]
    assert result.rules[0].measure.list_code == LIST_CODE
    assert result.rules[1].measure is restricted


def test_exemption_beats_limit_and_restricted():
    measures = [
        toxic_list_measure("processing_use", "restricted"),
        kcnp("1", PFOS_NAME, "processing_use", "limit", limits=(Limit(10, "mg/kg"),), suffix="-l"),
        pfos_measures()[1],
    ]
    result = ev(measures, "processing_use", date(2023, 6, 1), use="pfos.fire_fighting_foam")
    assert [rule.decision for rule in result.rules] == [
        "permitted_under_exemption",
        "limit",
        "restricted",
    ]
    assert result.decision == "permitted_under_exemption"
    assert result.limits == (Limit(10, "mg/kg"),)


def test_earliest_exemption_end_wins():
    later = UseSpec("pfos.fire_fighting_foam", "用于生产灭火泡沫药剂", until=date(2025, 12, 31))
    other = toxic_list_measure(
        "processing_use", "prohibited_except_exemptions", exemptions=(later,)
    )
    result = ev([other, *pfos_measures()], "processing_use", date(2023, 6, 1), use=PFOS_FOAM.code)
    assert result.decision == "permitted_under_exemption"
    assert result.until == END_2023


def test_provisional_only_counts_rules_with_the_winning_decision():
    hbcdd_import = hbcdd_measures()[2]
    restricted = toxic_list_measure("import", "permit_required", provisional=True)
    result = ev([restricted, hbcdd_import], "import", date(2024, 6, 1))
    assert result.provisional is True
    confirmed = kcnp("14-1", HBCDD_NAME, "import", "prohibited", suffix="-confirmed")
    result = ev([restricted, confirmed], "import", date(2024, 6, 1))
    assert result.decision == "prohibited"
    assert result.provisional is False


def test_identical_measures_are_counted_once():
    result = ev(pfos_measures() * 2, "production", date(2024, 6, 1))
    assert len(result.rules) == 1


def test_conflicting_keys_are_refused():
    first = kcnp("1", PFOS_NAME, "production", "prohibited")
    second = kcnp("1", PFOS_NAME, "production", "restricted")
    with pytest.raises(RuleError) as info:
        ev([first, second], "production", date(2024, 6, 1))
    assert info.value.code == "measure"


# --- errors -----------------------------------------------------------------------------------


def test_unknown_activity():
    with pytest.raises(RuleError) as info:
        ev(ALL_MEASURES, "smuggling", date(2024, 6, 1))
    error = info.value
    assert error.code == "activity"
    assert error.value == "smuggling"
    assert isinstance(error, ValueError)
    for activity in ACTIVITIES:
        assert activity in error.reason_en
        assert activity in str(error)
    assert "加工使用" in error.reason_zh and "进口" in error.reason_zh
    json.dumps(error.as_dict(), ensure_ascii=False)


@pytest.mark.parametrize("on", ["2024-06-01", datetime(2024, 6, 1, 12, 0), None])
def test_date_must_be_a_date(on):
    with pytest.raises(RuleError) as info:
        evaluate(ALL_MEASURES, activity="production", on=on)
    assert info.value.code == "date"


def test_use_and_product_must_be_text():
    with pytest.raises(RuleError) as info:
        ev(ALL_MEASURES, "production", date(2024, 6, 1), use=3)
    assert info.value.code == "use"
    with pytest.raises(RuleError) as info:
        ev(ALL_MEASURES, "production", date(2024, 6, 1), product=["toy"])
    assert info.value.code == "product"


def test_measure_validation():
    with pytest.raises(RuleError) as info:
        kcnp("1", PFOS_NAME, "production", "banned")
    assert info.value.code == "kind"
    with pytest.raises(RuleError) as info:
        kcnp("1", PFOS_NAME, "smuggling", "prohibited")
    assert info.value.code == "activity"
    with pytest.raises(RuleError) as info:
        kcnp("1", PFOS_NAME, "production", "prohibited", effective_until=date(2023, 1, 1))
    assert info.value.code == "period"


# --- match_use --------------------------------------------------------------------------------


def test_match_use_blank_and_none():
    assert match_use(None, PFOA_EXEMPTIONS) is None
    assert match_use("   ", PFOA_EXEMPTIONS) is None
    assert match_use("（）、。", PFOA_EXEMPTIONS) is None


def test_match_use_containment_needs_the_listed_wording():
    assert match_use("侵入性和可植入的医疗装置（心脏支架）", PFOA_EXEMPTIONS) is None
    assert match_use("侵入性和可植入的医疗装置以外的一次性医疗用品", PFOA_EXEMPTIONS) is None
    assert match_use("胶卷的摄影涂料", PFOA_EXEMPTIONS) == PFOA_EXEMPTIONS[1]
    assert match_use("摄影涂料", PFOA_EXEMPTIONS) is None  # under two thirds of the wording


def test_match_use_prefers_exact_match_over_containment():
    broad = UseSpec("a", "粘合剂生产")
    exact = UseSpec("b", "粘合剂")
    assert match_use("粘合剂", [broad, exact]) == exact


def test_match_use_english_text_exactly():
    assert match_use("Invasive and  implantable devices", PFOA_EXEMPTIONS) == PFOA_EXEMPTIONS[3]


# --- serialisation ----------------------------------------------------------------------------


def test_as_dict_is_json_with_iso_dates():
    result = ev(pfos_measures(), "processing_use", date(2023, 6, 1), use="用于生产灭火泡沫药剂")
    data = json.loads(json.dumps(result.as_dict(), ensure_ascii=False))
    assert data["decision"] == "permitted_under_exemption"
    assert data["activity"] == "processing_use"
    assert data["date"] == "2023-06-01"
    assert data["until"] == "2023-12-31"
    assert data["use"] == "用于生产灭火泡沫药剂"
    assert data["provisional"] is False
    assert data["limits"] == []
    (rule,) = data["rules"]
    assert rule["list"] == LIST_CODE
    assert rule["list_name_zh"] == LIST_NAME_ZH
    assert rule["entry"] == "1"
    assert rule["entry_name_zh"] == PFOS_NAME
    assert rule["measure"] == "KCNP2023-1-processing_use"
    assert rule["kind"] == "prohibited_except_exemptions"
    assert rule["decision"] == "permitted_under_exemption"
    assert rule["until"] == "2023-12-31"
    assert rule["source"] == SOURCE
    assert rule["provisional"] is False
    assert rule["reason_en"] and rule["reason_zh"]


def test_as_dict_with_limits():
    result = ev(dcm_measures(), "use_in_products", date(2024, 6, 1))
    data = json.loads(json.dumps(result.as_dict()))
    assert data["limits"][0] == {
        "value": 0.5,
        "unit": "% by mass",
        "basis": CLEANER_BASIS,
        "product": "cleaning_agent.water_based",
        "standard": "GB 38508-2020",
    }
    assert data["until"] is None


# --- properties -------------------------------------------------------------------------------

USES = [
    None,
    "",
    "用于生产灭火泡沫药剂",
    "pfos.fire_fighting_foam",
    "半导体制造中的光刻或蚀刻工艺",
    "用于建筑绝缘的聚氨酯泡沫塑料",
    "dcm.paint_stripper",
    "禁止用作助剂生产农药产品",
    "纺织印染助剂",
]
PRODUCTS = [None, "", "cleaning_agent.water_based", "cleaning_agent.semi_aqueous", "toy"]


@given(
    measures=st.lists(st.sampled_from(ALL_MEASURES), unique_by=lambda m: m.key),
    on=st.dates(min_value=date(2022, 1, 1), max_value=date(2027, 12, 31)),
    activity=st.sampled_from(ACTIVITIES),
    use=st.sampled_from(USES),
    product=st.sampled_from(PRODUCTS),
)
def test_evaluate_invariants(measures, on, activity, use, product):
    result = evaluate(measures, activity=activity, on=on, use=use, product=product)
    assert result.decision in DECISIONS
    assert result.activity == activity and result.on == on
    for rule in result.rules:
        assert rule.measure.activity == activity
        assert rule.measure.in_force(on)
        assert rule.decision in DECISIONS
    expected = [m for m in measures if m.activity == activity and m.in_force(on)]
    assert sorted(r.measure.key for r in result.rules) == sorted(m.key for m in expected)
    severities = [SEVERITY[rule.decision] for rule in result.rules]
    assert severities == sorted(severities, reverse=True)
    if result.rules:
        assert SEVERITY[result.decision] == max(severities)
    else:
        assert result.decision == "not_regulated"
        assert result.provisional is False
    assert result.until is None or result.until >= on
    json.dumps(result.as_dict())


def test_a_vague_fragment_of_an_exempted_use_does_not_match():
    """'生产' (production) is part of many exemption texts but names none of them."""
    specs = [UseSpec(code="pfos.foam", text_zh="用于生产灭火泡沫药剂")]
    assert match_use("生产", specs) is None
    assert match_use("药剂", specs) is None
    assert match_use("生产灭火泡沫药剂", specs) == specs[0]  # near-complete quotation
    # A longer text that merely contains the wording is not an exemption: it may negate it.
    assert match_use("本厂用于生产灭火泡沫药剂（水成膜）", specs) is None
    assert match_use("不用于生产灭火泡沫药剂而用于纺织品", specs) is None


def test_banned_uses_are_matched_generously():
    """A banned use is refused when the user names part of it or states it with more words."""
    bans = [
        UseSpec(code="dcm.paint_stripper", text_zh="禁止生产含二氯甲烷的脱漆剂"),
        UseSpec(code="dcm.cosmetics", text_zh="禁止用作化妆品组分（化妆品安全技术规范）"),
    ]
    assert match_use("脱漆剂", bans, lenient=True) == bans[0]
    assert match_use("用作化妆品组分", bans, lenient=True) == bans[1]
    assert match_use("本厂生产含二氯甲烷的脱漆剂产品", bans, lenient=True) == bans[0]
    assert match_use("剂", bans, lenient=True) is None  # one character names nothing
