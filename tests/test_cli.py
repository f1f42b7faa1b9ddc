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


def _json_file(tmp_path, data, name="input.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_hazard_json_gives_verdicts_with_evidence(tmp_path, capsys):
    # HBCDD: BCF 18,100 in fathead minnow (Veith et al. 1979, cited by the ECHA SVHC support
    # document, 2008) is above the vB limit of 5,000.
    data = {"properties": [{"name": "bcf", "value": 18100, "unit": "L/kg"},
                           {"name": "half_life_freshwater", "value": 40.1, "unit": "d"}],
            "classifications": ["Repr. 2"]}  # fmt: skip
    assert main(["hazard", _json_file(tmp_path, data), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["B"], out["vB"], out["P"], out["T"], out["PBT"]) == ("yes", "yes", "yes", "yes",
                                                                     "yes")  # fmt: skip
    assert out["vP"] == "insufficient" and set(out["POP"]) == {
        "persistence", "bioaccumulation", "long_range_transport"
    }  # fmt: skip
    assert any(e["criterion"] == "vB" and e["verdict"] == "yes" for e in out["evidence"])


def test_hazard_refuses_unknown_properties_and_classifications(tmp_path, capsys):
    bad = {"properties": [{"name": "colour", "value": 1, "unit": "d"}]}
    assert main(["hazard", _json_file(tmp_path, bad), "--json"]) == 2
    assert "colour" in json.loads(capsys.readouterr().out)["error"]
    assert main(["hazard", _json_file(tmp_path, {"classifications": ["Very toxic"]})]) == 2
    assert "Very toxic" in capsys.readouterr().err
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    assert main(["hazard", str(broken)]) == 2


def test_pnec_from_three_trophic_levels_and_by_partitioning(tmp_path, capsys):
    def record(taxon, level, value, unit="mg/L"):
        return {"species": taxon, "taxon_group": taxon, "trophic_level": level,
                "duration": "chronic", "endpoint": "NOEC", "value": value, "unit": unit,
                "source_type": "experimental", "reliability": 1}  # fmt: skip

    data = {"compartment": "freshwater", "koc": 1000, "records": [
        record("algae", "primary producer", 1.2), record("invertebrate", "primary consumer", 0.5),
        record("fish", "secondary consumer", 300, "ug/L")]}  # fmt: skip
    assert main(["pnec", _json_file(tmp_path, data), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    water = out["water"]
    assert water["value_mg_per_l"] == pytest.approx(0.03) and water["rule"]["id"] == "FW-10"
    # Suspended matter by default: K = 0.9 + 0.1 × (0.1 × 1000 / 1000) × 2500 = 25.9 m³/m³;
    # PNEC_sed = 25.9 / 1150 × 0.03 × 1000 = 0.6757 mg/kg wet weight.
    assert out["sediment"]["value_mg_per_kg_wwt"] == pytest.approx(25.9 / 1150 * 30)
    bad = {**data, "records": [{**data["records"][0], "unit": "mg/kg"}]}
    assert main(["pnec", _json_file(tmp_path, bad), "--json"]) == 2
    assert "mg/kg" in json.loads(capsys.readouterr().out)["error"]


def test_screen_ranks_substances_by_normans_categories(tmp_path, capsys):
    results = tmp_path / "results.csv"
    results.write_text(
        "substance_id,site_id,value,loq\n"
        "1,10,5.0,0.5\n1,11,0.9,0.5\n"  # above its reliable PNEC at one of two sites: cat 1
        "2,10,0.2,0.1\n2,11,0.3,0.1\n"  # quantified, below the PNEC: cat 6
        "3,10,,2.0\n3,11,,3.0\n"  # never quantified, LOQ above the PNEC: cat 4
        "4,10,0.7,0.1\n",  # quantified, provisional PNEC: cat 3
        encoding="utf-8",
    )
    pnec = tmp_path / "pnec.csv"
    pnec.write_text(
        "substance_id,name,pnec,provisional\n1,全氟辛酸,1.0,false\n2,B,1.0,false\n"
        "3,C,1.0,false\n4,D,0.5,true\n",
        encoding="utf-8",
    )
    assert main(["screen", str(results), "--pnec", str(pnec), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)["substances"]
    assert [(s["substance"], s["category"]) for s in out] == [
        ("全氟辛酸", 1),
        ("D", 3),
        ("C", 4),
        ("B", 6),
    ]
    # MEC95 of the site values 0.9 and 5.0: 0.9 + 0.95 × 4.1 = 4.795; EoE 4.795 → score 0.1;
    # FoE 1/2 = 0.5; final score 0.6.
    assert out[0]["mec95"] == pytest.approx(4.795) and out[0]["final_score"] == pytest.approx(0.6)
    assert out[2]["loq_exceedance"] == pytest.approx(2.0)
    assert main(["screen", str(results), "--pnec", str(results)]) == 2
    assert "missing column" in capsys.readouterr().err
