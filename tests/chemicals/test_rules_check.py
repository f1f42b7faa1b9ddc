"""The control-measure check against the real 2023 list, through selectors, CLI and API."""

import datetime as dt
import json

import pytest
from django.contrib.auth.models import AnonymousUser

from npgov.chemicals.selectors import rules_check
from npgov.science.rules import RuleError

pytestmark = pytest.mark.django_db
PUBLIC = AnonymousUser()


def check(query, activity, on, use=None, product=None):
    return rules_check(
        user=PUBLIC,
        query=query,
        activity=activity,
        on=dt.date.fromisoformat(on),
        use=use,
        product=product,
    )


def test_pfos_fire_fighting_foam_exemption_and_its_end(chem):
    before = check("1763-23-1", "processing_use", "2023-06-01", use="用于生产灭火泡沫药剂")
    assert before.decision.decision == "permitted_under_exemption"
    assert str(before.decision.until) == "2023-12-31"
    after = check("PFOS", "processing_use", "2024-06-01", use="用于生产灭火泡沫药剂")
    assert after.decision.decision == "prohibited"


def test_a_salt_gets_its_groups_measures(chem):
    result = check("2795-39-3", "production", "2024-06-01")  # potassium PFOS
    assert result.decision.decision == "prohibited"
    assert "PFOS" in result.group_codes


def test_a_structure_never_seen_before_is_classified_first(chem):
    # Sodium PFOS is in none of the lists by CAS; its anion makes it PFOS.
    na_pfos = "[Na+].[O-]S(=O)(=O)" + "C(F)(F)" * 7 + "C(F)(F)F"
    result = check(na_pfos, "production", "2024-06-01")
    assert result.substance is None and "PFOS" in result.group_codes
    assert result.decision.decision == "prohibited"
    # 8:2 fluorotelomer alcohol is a PFOA-related compound (Stockholm definition).
    ftoh = "OCC" + "C(F)(F)" * 7 + "C(F)(F)F"
    related = check(ftoh, "processing_use", "2024-06-01", use="半导体制造中的光刻或蚀刻工艺")
    assert "PFOA" in related.group_codes
    assert related.decision.decision == "permitted_under_exemption"
    assert related.decision.until is None


def test_dechlorane_plus_from_2024(chem):
    assert check("13560-89-9", "production", "2023-12-31").decision.decision == "not_regulated"
    assert check("13560-89-9", "production", "2024-01-01").decision.decision == "prohibited"


def test_dichloromethane_paint_stripper_and_cleaning_agent_limit(chem):
    assert (
        check(
            "二氯甲烷", "processing_use", "2024-06-01", use="禁止生产含二氯甲烷的脱漆剂"
        ).decision.decision
        == "prohibited"
    )
    assert check("DCM", "processing_use", "2024-06-01").decision.decision == "restricted"
    limited = check(
        "75-09-2", "use_in_products", "2024-06-01", product="cleaning_agent.water_based"
    )
    assert limited.decision.decision == "limit"
    assert [(lim.value, lim.standard) for lim in limited.decision.limits] == [
        (0.5, "GB 38508-2020")
    ]


def test_phased_out_group_is_provisional(chem):
    result = check("25637-99-4", "production", "2024-06-01")  # HBCDD
    assert result.decision.decision == "prohibited" and result.decision.provisional


def test_unknown_activity_and_unmatched_substance(chem):
    with pytest.raises(RuleError) as refused:
        check("PFOS", "smuggling", "2024-06-01")
    assert refused.value.code == "activity"
    nothing = check("not a chemical at all", "production", "2024-06-01")
    assert nothing.decision is None and nothing.resolution.status == "unmatched"


def test_cli_rules_check_json(chem, capsys):
    from npgov.cli import cmd_rules_check

    class Args:
        substance, activity, use, product, date, json = (
            "1763-23-1",
            "processing_use",
            "用于生产灭火泡沫药剂",
            None,
            "2023-06-01",
            True,
        )

    assert cmd_rules_check(Args) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["decision"] == "permitted_under_exemption"
    assert payload["until"] == "2023-12-31"
    assert payload["rules"] and all("source" in rule for rule in payload["rules"])
    assert payload["provisional"] is False


def test_api_rules_check(client, chem):
    response = client.get(
        "/api/chemicals/rules/check",
        {"substance": "1163-19-5", "activity": "import", "date": "2024-03-01"},
    )
    assert response.status_code == 200
    assert response.json()["decision"] == "prohibited"
    bad = client.get("/api/chemicals/rules/check", {"substance": "PFOS", "activity": "smuggle"})
    assert bad.status_code == 422
