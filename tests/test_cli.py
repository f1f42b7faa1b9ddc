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
