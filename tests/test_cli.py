"""The ``npgov`` commands without a database: exit codes and JSON output."""

import json
import math
from pathlib import Path

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


SSD_SHARED = Path(__file__).resolve().parents[2] / "shared" / "reference" / "acceptance" / "ssd"


def _ssd_csv(tmp_path, values, species=True) -> str:
    path = tmp_path / "ssd.csv"
    rows = ["Species,Conc,Group"] if species else ["Conc"]
    for i, value in enumerate(values):
        rows.append(f"sp{i},{value},fish" if species else str(value))
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return str(path)


def test_ssd_json_has_the_documented_shape(tmp_path, capsys):
    values = [1.2, 3.4, 5.1, 8.8, 13, 21, 34, 55, 89, 144]
    assert main(["ssd", _ssd_csv(tmp_path, values), "--json", "--ci", "--nboot", "200",
                 "--seed", "7"]) == 0  # fmt: skip
    out = json.loads(capsys.readouterr().out)
    assert out["n"] == 10 and len(out["distributions"]) == 6
    assert sum(d["weight"] for d in out["distributions"]) == pytest.approx(1.0)
    lnorm = next(d for d in out["distributions"] if d["dist"] == "lnorm")
    logs = [math.log(v) for v in values]  # lnorm's MLE is the mean and sd (1/n) of the logs
    assert lnorm["params"]["meanlog"] == pytest.approx(sum(logs) / 10)
    average = out["average"]
    assert average["method"] == "multi" and average["lcl"] < average["hc5"] < average["ucl"]
    assert main(["ssd", _ssd_csv(tmp_path, values), "--json", "--ci", "--nboot", "200",
                 "--seed", "7"]) == 0  # fmt: skip
    assert json.loads(capsys.readouterr().out)["average"] == average  # the seed repeats it


def test_ssd_refuses_bad_input_with_the_reason(tmp_path, capsys):
    assert main(["ssd", _ssd_csv(tmp_path, [1, 2, 3]), "--json"]) == 2
    assert "at least 6" in json.loads(capsys.readouterr().out)["error"]
    assert main(["ssd", _ssd_csv(tmp_path, [1, 2, 3, 4, 5, -6])]) == 2
    assert "-6" in capsys.readouterr().err
    path = tmp_path / "twice.csv"
    path.write_text("Species,Conc\na,1\nb,2\nc,3\nd,4\ne,5\na,6\n", encoding="utf-8")
    assert main(["ssd", str(path)]) == 2
    assert "geometric mean" in capsys.readouterr().err
    assert main(["ssd", _ssd_csv(tmp_path, range(1, 11)), "--ci", "--average", "geometric"]) == 2


@pytest.mark.skipif(not SSD_SHARED.exists(), reason=f"{SSD_SHARED} is absent")
def test_ssd_on_ccme_boron_gives_the_ssdtools_hc5(capsys):
    assert main(["ssd", str(SSD_SHARED / "ccme_boron.csv"), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["average"]["hc5"] == pytest.approx(1.25678, rel=1e-4)  # ssdtools 2.6 README
