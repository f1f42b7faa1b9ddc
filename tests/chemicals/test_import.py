"""Bulk import of substance lists: row-level report, all or nothing, never twice."""

import io
import json

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from npgov.chemicals.importers import import_substances
from npgov.chemicals.models import Substance
from npgov.core.imports import ImportRejected, read_rows
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

HEADER = "中文名称,英文名称,CAS号,SMILES,同义名,类型\n"
GOOD = (
    HEADER
    + "全氟己酸,Perfluorohexanoic acid,307-24-4,OC(=O)C(F)(F)C(F)(F)C(F)(F)C(F)(F)C(F)(F)F,PFHxA,\n"
    + "全氟丁基磺酸,Perfluorobutane sulfonic acid,375-73-5,"
    + "OS(=O)(=O)C(F)(F)C(F)(F)C(F)(F)C(F)(F)F,PFBS;全氟丁磺酸,\n"
    + "氯化石蜡-52,Chlorinated paraffin 52,63449-39-8,,,uvcb\n"
)


def test_gb18030_csv_loads_once(chem, steward):
    content = GOOD.encode("gb18030")
    result = import_substances(actor=steward, file_name="清单.csv", content=content)
    assert (result.rows, result.created) == (3, 3)
    pfbs = Substance.objects.get(identifiers__normalized="375-73-5")
    assert set(pfbs.memberships.values_list("group__code", flat=True)) == {"PFAS_OECD"}
    again = import_substances(actor=steward, file_name="清单-副本.csv", content=content)
    assert again.created == 0 and again.duplicate_of is not None
    assert Substance.objects.filter(identifiers__normalized="375-73-5").count() == 1


def test_xlsx_with_english_headers(chem, steward):
    workbook = Workbook()
    workbook.active.append(["Chinese name", "CAS RN", "SMILES structure"])
    workbook.active.append(["4-叔辛基酚", "140-66-9", "CC(C)(C)CC(C)(C)c1ccc(O)cc1"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = import_substances(actor=steward, file_name="list.xlsx", content=buffer.getvalue())
    assert result.created == 1


def test_bad_rows_refuse_the_whole_file_with_a_report(chem, steward):
    before = Substance.objects.count()
    bad = (
        HEADER
        + "甲,A,307-24-4,OC(=O)C(F)(F)C(F)(F)C(F)(F)C(F)(F)C(F)(F)F,,\n"  # fine on its own
        + "乙,B,307-24-5,,,\n"  # wrong check digit
        + "丙,C,,c1cccc1,,\n"  # unparsable aromatic ring
        + "丁,D,1763-23-1,,,\n"  # CAS of PFOS, stored already
        + "戊,E,307-24-4,,,\n"  # repeats row 2
        + "己,F,,,,gas\n"
    )  # unknown kind
    with pytest.raises(ImportRejected) as refused:
        import_substances(actor=steward, file_name="bad.csv", content=bad.encode())
    by_row = {(e.row, e.field.split(" / ")[0]) for e in refused.value.errors}
    assert {(3, "CAS号"), (4, "SMILES"), (5, "CAS号"), (6, "CAS号"), (7, "类型")} <= by_row
    first = next(e for e in refused.value.errors if e.row == 3)
    assert first.file == "bad.csv" and first.value == "307-24-5"
    assert "校验位" in first.reason_zh and "check digit" in first.reason_en
    assert Substance.objects.count() == before


def test_unknown_and_missing_columns(chem, steward):
    with pytest.raises(ImportRejected) as refused:
        import_substances(
            actor=steward, file_name="x.csv", content="CAS号,颜色\n1763-23-1,红\n".encode()
        )
    reasons = " ".join(e.reason_en for e in refused.value.errors)
    assert "Unknown column" in reasons and "required column" in reasons


def test_page_shows_errors_and_report_download(client, chem, steward):
    assert client.login(username="steward", password=PASSWORD)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("chemicals:import"),
        {"file": SimpleUploadedFile("bad.csv", (HEADER + "乙,B,307-24-5,,,\n").encode())},
    )
    assert response.status_code == 400 and "307-24-5" in response.content.decode()
    report = client.get(reverse("chemicals:import"), {"download": "report"})
    rows = list(load_workbook(io.BytesIO(report.content)).active.iter_rows(values_only=True))
    assert rows[1][:4] == ("bad.csv", 2, "CAS号 / CAS RN", "307-24-5")
    template = client.get(reverse("chemicals:import"), {"download": "template"})
    header = next(load_workbook(io.BytesIO(template.content)).active.iter_rows(values_only=True))
    assert header[0] == "中文名称 / Chinese name"


def test_import_is_for_stewards(client, chem, users):
    assert client.login(username="analyst", password=PASSWORD)
    assert client.get(reverse("chemicals:import")).status_code == 403


def test_cli_import_exits_non_zero_with_the_report(chem, steward, tmp_path, capsys):
    from npgov.cli import main

    path = tmp_path / "bad.csv"
    path.write_text(HEADER + "乙,B,307-24-5,,,\n", encoding="utf-8")
    assert main(["import", "substances", str(path), "--user", "steward", "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["loaded"] is False and report["errors"][0]["row"] == 2
    path.write_text(GOOD, encoding="utf-8-sig")
    assert main(["import", "substances", str(path), "--user", "steward", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["created"] == 3


@settings(max_examples=50, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(st.text(max_size=12), min_size=1, max_size=4), max_size=6))
def test_reader_never_fails_on_arbitrary_csv(rows):
    import csv

    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            content = buffer.getvalue().encode(encoding)
        except UnicodeEncodeError:
            continue
        parsed = list(read_rows(content, "x.csv"))
        assert len(parsed) <= len(rows) + 1
