"""Modelled exposure from the survey: the local PEC of each enterprise by ECHA R.16 with the
documented defaults, the ERC chosen per activity, who sees which enterprise, and the city-wide
summary that names no enterprise and gives no quantity."""

# ruff: noqa: F811  (the survey fixtures imported below are used as test arguments)

import json
import math

import pytest
from django.contrib.auth.models import AnonymousUser

from npgov.chemicals.models import PropertyRecord, Substance
from npgov.core.models import Organisation, OrganisationKind
from npgov.risk.pec import MIN_GROUP, OTHER, pec_by_enterprise, pec_summary
from npgov.science.identifiers import uscc_check_character
from npgov.survey.choices import ReportState
from npgov.survey.models import ReportLine, SurveyReport
from tests.survey.conftest import campaign_factory, industries  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db

PNEC = 0.1  # mg/L
# Koc from two log Koc records, 2 and 3: the geometric mean of 100 and 1000 = 10^2.5 L/kg.
KOC = 10**2.5
# The documented defaults of pec_local_water (exposure_defaults.yaml, industrial scenario):
# f_region 1, f_main-source 1, T_emission 20 d, EFFLUENT_stp 2 000 000 L/d, no STP removal,
# Foc_susp 0.1, SUSP_water 15 mg/L, DILUTION 10, PEC_regional 0.
DAYS, EFFLUENT, FOC, SUSP, DILUTION = 20, 2_000_000, 0.1, 15, 10


def expected_pec(released_t_per_year: float) -> float:
    """PEC_local,water (mg/L) of an annual release to water, step by step (R.16, EUSES)."""
    e_local = released_t_per_year * 1000 * 1.0 * 1.0 / DAYS  # kg/d
    c_inf = e_local * 1e6 / EFFLUENT  # mg/L
    c_eff = c_inf * (1 - 0.0)
    kp = FOC * KOC  # L/kg
    return c_eff / ((1 + kp * SUSP * 1e-6) * DILUTION)


def make_enterprise(body: str, district: str, name: str) -> Organisation:
    code = "91" + district + body
    return Organisation.objects.create(
        kind=OrganisationKind.ENTERPRISE, code=code + uscc_check_character(code), name_zh=name,
        district=Organisation.objects.get(code=district), is_synthetic=True,
    )  # fmt: skip


def report(campaign, enterprise, *lines, state=ReportState.ACCEPTED, substance=None):
    """The enterprise's report in the campaign, in ``state``, with ``lines`` (dicts)."""
    found, _ = SurveyReport.objects.get_or_create(campaign=campaign, enterprise=enterprise)
    SurveyReport.objects.filter(pk=found.pk).update(state=state)
    for position, fields in enumerate(lines, start=1):
        ReportLine.objects.create(
            report=found, position=position, substance=substance, name_given=substance.name_zh,
            **fields,
        )  # fmt: skip
    return found


@pytest.fixture
def pfoa(chem):
    substance = Substance.objects.get(name_zh="全氟辛酸")
    for value in (2.0, 3.0):
        PropertyRecord.objects.create(
            substance=substance, kind="log_koc", value=value, unit="", value_canonical=value,
            unit_canonical="", source=f"synthetic test record {value}",
        )  # fmt: skip
    # A bound is not a value: it must not enter the mean.
    PropertyRecord.objects.create(
        substance=substance, kind="log_koc", qualifier=">", value=5.0, unit="",
        value_canonical=5.0, unit_canonical="", source="synthetic bound",
    )  # fmt: skip
    return substance


@pytest.fixture
def city(campaign_factory, enterprises, pfoa):
    """Three enterprises with a local release in Chaoyang, one each in Miyun and Haidian, one
    Haidian importer, and one Chaoyang report still awaiting review."""
    campaign = campaign_factory()
    cy2 = make_enterprise("MA03GHJ4X", "110105", "北京丙化工有限公司（示例）")
    cy3 = make_enterprise("MA04KLM5A", "110105", "北京丁材料有限公司（示例）")
    cy4 = make_enterprise("MA05NPQ6B", "110105", "北京戊科技有限公司（示例）")
    hd1 = make_enterprise("MA06RTU7C", "110108", "北京己电子有限公司（示例）")
    hd2 = make_enterprise("MA07WXY8D", "110108", "北京庚贸易有限公司（示例）")
    add = {"substance": pfoa}
    # Reported release 0.02 t/a on a production line of 7.77713 t/a: the release is used.
    report(
        campaign,
        enterprises["chaoyang"],
        {"activity": "production", "quantity_t": 7.77713, "release_water_t": 0.02},
        **add,
    )
    # Production of 1.0 t/a, no release given: ERC1 (RF_water 0.06) → 0.06 t/a.
    report(campaign, cy2, {"activity": "production", "quantity_t": 1.0}, **add)
    # A reactant (F03) in processing use: ERC6a (0.02) → 0.5 t/a × 0.02 = 0.01 t/a; the import
    # line releases nothing locally.
    report(
        campaign,
        cy3,
        {"activity": "processing_use", "quantity_t": 0.5, "function": "F03"},
        {"activity": "import", "quantity_t": 3.33331},
        **add,
    )
    # Submitted, not yet reviewed: not used.
    report(
        campaign,
        cy4,
        {"activity": "production", "quantity_t": 5.5, "release_water_t": 0.9},
        state=ReportState.SUBMITTED,
        **add,
    )
    # Processing use with no function: ERC4 (RF_water 1.0) → 0.25 t/a.
    report(
        campaign, enterprises["miyun"], {"activity": "processing_use", "quantity_t": 0.25}, **add
    )
    report(
        campaign, hd1, {"activity": "production", "quantity_t": 2.0, "release_water_t": 0.01}, **add
    )
    report(campaign, hd2, {"activity": "import", "quantity_t": 4.44443}, **add)  # fmt: skip
    return {"campaign": campaign, "cy2": cy2, "cy3": cy3, "cy4": cy4, "hd1": hd1, "hd2": hd2}


SUMMARY_KEYS = {
    "method", "substance_id", "pnec_mg_per_l", "report_states", "min_group", "campaign_years",
    "n_enterprises", "n_enterprises_without_local_release", "n_risk", "states", "rq_max",
    "rq_median", "basis_counts", "koc", "n_koc_records", "confirmed", "unconfirmed",
    "districts", "notes",
}  # fmt: skip


def by_name(rows):
    return {row["enterprise_name"]: row for row in rows}


def test_a_reported_release_gives_the_r16_pec_by_hand(users, city, pfoa, enterprises):
    rows = by_name(pec_by_enterprise(user=users["analyst"], substance=pfoa, pnec_mg_per_l=PNEC))
    row = rows[enterprises["chaoyang"].name_zh]
    # E_local = 0.02 t/a × 1000 kg/t / 20 d = 1 kg/d; C_inf = 1e6 mg/d / 2e6 L/d = 0.5 mg/L;
    # Kp_susp = 0.1 × 10^2.5 = 31.62 L/kg; PEC = 0.5 / ((1 + 31.62 × 15e-6) × 10).
    pec = 0.5 / ((1 + 0.1 * 10**2.5 * 15e-6) * 10)
    assert expected_pec(0.02) == pytest.approx(pec, rel=1e-12)
    assert row["pec_mg_per_l"] == pytest.approx(pec, rel=1e-9)
    assert row["pec_mg_per_l"] == pytest.approx(0.04997629416, rel=1e-9)
    assert row["basis"] == "release_water"
    assert row["release_t"] == pytest.approx(0.02)
    assert row["lines"][0]["tonnage_t"] == 0.02 and row["lines"][0]["release_factor"] == 1.0
    assert row["koc"] == pytest.approx(KOC, rel=1e-12)  # the ">" record is left out
    assert row["rq"] == pytest.approx(pec / PNEC, rel=1e-9) and row["state"] == "no risk"
    assert row["confirmed"] is False and "dilution" in row["unconfirmed"]
    assert (row["district"], row["year"]) == ("朝阳区", 2025)


def test_without_a_release_the_erc_of_the_activity_is_used(users, city, pfoa, enterprises):
    rows = by_name(pec_by_enterprise(user=users["analyst"], substance=pfoa, pnec_mg_per_l=PNEC))
    production = rows[city["cy2"].name_zh]
    assert production["basis"] == "quantity with ERC1"
    assert production["lines"][0]["release_factor"] == 0.06  # ERC1, UNCONFIRMED default
    assert production["pec_mg_per_l"] == pytest.approx(expected_pec(1.0 * 0.06), rel=1e-9)
    assert production["rq"] == pytest.approx(expected_pec(0.06) / PNEC, rel=1e-9)
    assert production["state"] == "risk"  # RQ 1.4993
    reactant = rows[city["cy3"].name_zh]
    assert reactant["basis"] == "quantity with ERC6a"
    assert reactant["pec_mg_per_l"] == pytest.approx(expected_pec(0.5 * 0.02), rel=1e-9)
    assert any("import" in note.lower() or "进口" in note for note in reactant["notes"])
    unknown_use = rows[enterprises["miyun"].name_zh]
    assert unknown_use["basis"] == "quantity with ERC4"
    assert unknown_use["pec_mg_per_l"] == pytest.approx(expected_pec(0.25 * 1.0), rel=1e-9)


def test_import_only_and_unreviewed_reports_give_no_row(users, city, pfoa):
    names = set(by_name(pec_by_enterprise(user=users["analyst"], substance=pfoa,
                                          pnec_mg_per_l=PNEC)))  # fmt: skip
    assert len(names) == 5
    assert city["hd2"].name_zh not in names  # only imports: no local release
    assert city["cy4"].name_zh not in names  # submitted, not accepted


def test_the_latest_campaign_of_each_enterprise_is_used(users, city, pfoa, enterprises,
                                                        campaign_factory):  # fmt: skip
    earlier = campaign_factory(year=2024)
    # Chaoyang released more in 2024; its 2025 report is the one used.
    report(earlier, enterprises["chaoyang"],
           {"activity": "production", "quantity_t": 9.0, "release_water_t": 0.5},
           substance=pfoa)  # fmt: skip
    # The Haidian importer produced in 2024, but in 2025 it only imports: no local release.
    report(earlier, city["hd2"], {"activity": "production", "quantity_t": 3.0}, substance=pfoa)
    rows = by_name(pec_by_enterprise(user=users["analyst"], substance=pfoa, pnec_mg_per_l=PNEC))
    assert rows[enterprises["chaoyang"].name_zh]["pec_mg_per_l"] == pytest.approx(
        expected_pec(0.02), rel=1e-9
    )
    assert city["hd2"].name_zh not in rows
    assert pec_summary(substance=pfoa, pnec_mg_per_l=PNEC)["campaign_years"] == [2025]


def test_a_substance_dropped_from_the_latest_report_gives_no_pec(users, city, pfoa,
                                                                  campaign_factory):  # fmt: skip
    # Haidian's producer reported PFOA in 2025; its accepted 2026 report names only PFOS, so
    # its 2025 release is not carried forward (this test failed before: the row stayed).
    later = campaign_factory(year=2026)
    pfos = Substance.objects.get(name_zh="全氟辛基磺酸")
    report(later, city["hd1"], {"activity": "production", "quantity_t": 1.0}, substance=pfos)
    rows = by_name(pec_by_enterprise(user=users["analyst"], substance=pfoa, pnec_mg_per_l=PNEC))
    assert city["hd1"].name_zh not in rows and len(rows) == 4


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("analyst", {"chaoyang", "cy2", "cy3", "miyun", "hd1"}),
        ("district_chaoyang", {"chaoyang", "cy2", "cy3"}),
        ("district_miyun", {"miyun"}),
        ("enterprise", {"chaoyang"}),
        ("expert", set()),
        ("dept_agri", set()),
        ("public", set()),
    ],
)
def test_rows_only_for_lines_the_user_may_see(users, city, pfoa, enterprises, who, expected):
    names = {**{k: v.name_zh for k, v in city.items() if k != "campaign"},
             **{k: v.name_zh for k, v in enterprises.items()}}  # fmt: skip
    user = AnonymousUser() if who == "public" else users[who]
    rows = pec_by_enterprise(user=user, substance=pfoa, pnec_mg_per_l=PNEC)
    assert {row["enterprise_name"] for row in rows} == {names[key] for key in expected}


def test_the_summary_pools_small_districts_and_holds_no_identity_or_quantity(
    users, city, pfoa, enterprises
):
    summary = pec_summary(substance=pfoa, pnec_mg_per_l=PNEC)
    text = json.dumps(summary, ensure_ascii=False)  # JSON-serialisable
    assert MIN_GROUP == 3
    assert summary["n_enterprises"] == 5 and summary["n_enterprises_without_local_release"] == 1
    # Chaoyang has three enterprises with a release; Miyun and Haidian one each: pooled.
    assert summary["districts"] == [
        {"code": "110105", "name": "朝阳区", "n_enterprises": 3, "n_risk": 1},
        {"code": OTHER, "name": summary["districts"][1]["name"], "n_enterprises": 2,
         "n_risk": 1},
    ]  # fmt: skip
    assert "密云" not in text and "海淀" not in text
    released = [0.02, 0.06, 0.01, 0.25, 0.01]  # t/a, the order of the fixture
    pecs = [expected_pec(r) for r in released]
    assert summary["n_risk"] == 2  # ERC1 production (RQ 1.50) and ERC4 use (RQ 6.25)
    assert summary["rq_max"] == pytest.approx(max(pecs) / PNEC, rel=1e-9)
    assert summary["rq_median"] == pytest.approx(expected_pec(0.02) / PNEC, rel=1e-9)
    assert summary["basis_counts"] == {"quantity with ERC1": 1, "quantity with ERC4": 1,
                                       "quantity with ERC6a": 1, "release_water": 2}  # fmt: skip
    assert summary["confirmed"] is False
    # No enterprise name, code or identifier, and no reported or modelled tonnage.
    every = [*enterprises.values(), *(v for k, v in city.items() if k != "campaign")]
    for enterprise in every:
        assert enterprise.name_zh not in text and enterprise.code not in text
    assert set(summary) == SUMMARY_KEYS
    assert {key for row in summary["districts"] for key in row} == {
        "code", "name", "n_enterprises", "n_risk"
    }  # fmt: skip
    numbers = set(_numbers(json.loads(text)))
    # The tonnages reported and modelled (whole numbers would collide with the counts).
    quantities = {7.77713, 3.33331, 5.5, 0.9, 4.44443, 0.5, 0.25, 0.06, 0.02, 0.01}
    assert numbers.isdisjoint(quantities), numbers & quantities


def _numbers(value):
    if isinstance(value, bool):
        return
    if isinstance(value, int | float):
        yield float(value)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _numbers(item)
    elif isinstance(value, list):
        for item in value:
            yield from _numbers(item)


def test_statistics_are_withheld_below_the_group_size(users, campaign_factory, pfoa,
                                                      enterprises):  # fmt: skip
    campaign = campaign_factory()
    report(campaign, enterprises["chaoyang"],
           {"activity": "production", "quantity_t": 1.0, "release_water_t": 0.02},
           substance=pfoa)  # fmt: skip
    summary = pec_summary(substance=pfoa, pnec_mg_per_l=PNEC)
    # One enterprise: its RQ × PNEC would be its PEC and, through the model, its release.
    assert summary["n_enterprises"] == 1 and summary["n_risk"] == 0
    assert summary["rq_max"] is None and summary["rq_median"] is None
    assert summary["districts"] == [
        {"code": OTHER, "name": summary["districts"][0]["name"], "n_enterprises": 1, "n_risk": 0}
    ]


def test_without_a_pnec_the_pec_is_computed_and_the_rq_is_none(users, city, pfoa):
    rows = pec_by_enterprise(user=users["analyst"], substance=pfoa, pnec_mg_per_l=None)
    assert len(rows) == 5
    assert all(row["rq"] is None and row["state"] == "inconclusive" for row in rows)
    assert rows[0]["pec_mg_per_l"] == pytest.approx(expected_pec(0.25), rel=1e-9)  # highest
    assert all(math.isfinite(row["pec_mg_per_l"]) for row in rows)
    summary = pec_summary(substance=pfoa, pnec_mg_per_l=None)
    json.dumps(summary)
    assert summary["n_enterprises"] == 5 and summary["n_risk"] is None
    assert summary["rq_max"] is None and summary["rq_median"] is None
    assert summary["states"] == {"risk": 0, "no risk": 0, "inconclusive": 5}
    assert all(d["n_risk"] is None for d in summary["districts"])
