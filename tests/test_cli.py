"""The ``npgov validate`` command: exit codes and JSON output."""

import json

import pytest

from npgov.cli import main


def test_validate_cas_all_valid(capsys):
    assert main(["validate", "cas", "1763-23-1", "335-67-1"]) == 0
    assert capsys.readouterr().out.count("OK") == 2


def test_validate_cas_json_reports_reason_in_both_languages(capsys):
    assert main(["validate", "cas", "1763-23-1", "1763-23-2", "--json"]) == 1
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["valid"] for line in lines] == [True, False]
    assert "校验位" in lines[1]["reason_zh"] and "check digit" in lines[1]["reason_en"]


def test_validate_uscc(capsys):
    assert main(["validate", "uscc", "91350100M000100Y43"]) == 0
    assert main(["validate", "uscc", "91350100M000100Y44", "--json"]) == 1


@pytest.mark.parametrize(("code", "ok"), [("110105", 0), ("110103", 1), ("BJETDZ", 1)])
def test_validate_division_against_beijing_register(code, ok, capsys):
    assert main(["validate", "division", code]) == ok


def test_validate_division_structure_only(capsys):
    assert main(["validate", "division", "310115", "--any-division"]) == 0


def test_structure_classify_json(capsys):
    pfoa = "OC(=O)" + "C(F)(F)" * 6 + "C(F)(F)F"
    assert main(["structure", "classify", pfoa, "CCO", "--json"]) == 0
    first, second = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    codes = {group["code"] for group in first["groups"]}
    assert codes == {"PFAS_OECD", "PFOA"}
    oecd = next(g for g in first["groups"] if g["code"] == "PFAS_OECD")
    assert "PFAS" in oecd["name_en"] and oecd["rules"][0]["rule"]
    assert second["groups"] == []


def test_structure_classify_reports_unparsable_input(capsys):
    assert main(["structure", "classify", "c1cccc1", "--json"]) == 1
    row = json.loads(capsys.readouterr().out)
    assert row["valid"] is False and row["reason_en"]
