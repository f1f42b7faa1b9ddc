"""Importing monitoring results: long and wide layouts, encodings, censored values, units by
medium, duplicates, and every kind of bad input refused with nothing stored."""

import io
import zipfile

import pytest
from openpyxl import Workbook

from npgov.core.imports import ImportRejected
from npgov.monitoring.importers import import_results
from npgov.monitoring.models import ImportFile, Result, Sample

from .conftest import HEADER

pytestmark = pytest.mark.django_db

GOOD = HEADER + (
    "S-001,SW-CY-01,2025-05-03,样品,B1,HJ 1333-2023,全氟辛酸,335-67-1,１２．５,ng/L,0.5,1.5,95\n"
    "S-001,SW-CY-01,2025-05-03,样品,B1,HJ 1333-2023,全氟辛基磺酸,1763-23-1,ND,ng/L,0.4,1.2,88\n"
    "S-001,SW-CY-01,2025-05-03,样品,B1,HJ 1333-2023,全氟己基磺酸,355-46-4,<1.2,ng/L,0.4,1.2,\n"
    "S-002,SW-CY-01,2025-08-03,样品,B2,HJ 1333-2023,全氟辛酸,335-67-1,0.02,μg/L,0.0005,0.0015,101\n"
    'S-003,SO-MY-01,2025-05-04,样品,B3,SOP-PFAS-02,全氟辛酸,335-67-1,"1,250",μg/kg,5,15,90\n'
    "S-004,WE-CY-02,2025-05-04,样品,B4,EPA 1633,环丙沙星,85721-33-1,未检出,ng/L,2,5,\n"
)


def load(users, path, **kwargs):
    return import_results(actor=users["lab"], path=path, **kwargs)


def test_long_csv_loads_with_units_and_censoring(users, sites, write):
    outcome = load(users, write("results.csv", GOOD))
    assert (outcome.rows, outcome.created, outcome.samples_created) == (6, 6, 4)
    pfoa = Result.objects.get(sample__code="S-002")
    assert pfoa.value == pytest.approx(20.0) and pfoa.detection == "detected"  # 0.02 μg/L
    soil = Result.objects.get(sample__code="S-003")
    assert soil.value == pytest.approx(1250.0) and soil.unit_given == "μg/kg"  # ng/g
    nd = Result.objects.get(sample__code="S-001", substance__name_zh="全氟辛基磺酸")
    assert nd.detection == "lt_lod" and nd.value is None and nd.lod == pytest.approx(0.4)
    loq = Result.objects.get(sample__code="S-001", substance__name_zh="全氟己基磺酸")
    assert loq.detection == "lt_loq"
    assert Result.objects.get(sample__code="S-001", substance__name_zh="全氟辛酸").value == 12.5


def test_the_same_file_or_rows_load_nothing_twice(users, sites, write):
    load(users, write("a.csv", GOOD))
    again = load(users, write("b.csv", GOOD))
    assert again.file.status == "duplicate" and Result.objects.count() == 6
    lines = GOOD.splitlines()
    reordered = "\n".join([lines[0], *reversed(lines[1:])]) + "\n"
    third = load(users, write("c.csv", reordered))
    assert third.created == 0 and third.duplicates == 6 and Result.objects.count() == 6


def test_gb18030_csv(users, sites, write):
    outcome = load(users, write("gbk.csv", GOOD, encoding="gb18030"))
    assert outcome.created == 6


@pytest.mark.parametrize(
    "row, field, reason",
    [
        ("S-9,SW-CY-01,2025-05-03,样品,B,M,不存在的物质,,1,ng/L,,,", "物质名称", "化学物质库"),
        ("S-9,SW-CY-01,2099-05-03,样品,B,M,全氟辛酸,335-67-1,1,ng/L,,,", "采样时间", "晚于今天"),
        ("S-9,SW-CY-01,2025-05-03,样品,B,M,全氟辛酸,335-67-1,-3,ng/L,,,", "测定值", "负"),
        ("S-9,SW-CY-01,2025-05-03,样品,B,M,全氟辛酸,335-67-1,3,ng/g,,,", "单位", "介质"),
        ("S-9,SO-MY-01,2025-05-03,样品,B,M,全氟辛酸,335-67-1,3,ng/L,,,", "单位", "介质"),
        ("S-9,XX-00,2025-05-03,样品,B,M,全氟辛酸,335-67-1,3,ng/L,,,", "点位编号", "未知"),
        ("S-9,SW-CY-01,2025-05-03,样品,B,M,全氟辛酸,335-67-2,3,ng/L,,,", "CAS号", "CAS"),
        ("S-9,SW-CY-01,2025-05-03,样品,B,M,全氟辛酸,335-67-1,ND,ng/L,,,", "测定值", "检出限"),
        ("S-9,SW-CY-01,2025-05-03,样品,B,M,全氟辛酸,335-67-1,3,,,,", "单位", ""),
        ("S-9,SW-CY-01,2025-05-03,样品,B,M,全氟辛酸,335-67-1,1,5,,,", "单位", "介质"),
        ("S-9,SW-CY-01,5/3/2025x,样品,B,M,全氟辛酸,335-67-1,3,ng/L,,,", "采样时间", "日期"),
    ],
)
def test_bad_rows_are_reported_and_nothing_is_stored(users, sites, write, row, field, reason):
    with pytest.raises(ImportRejected) as caught:
        load(users, write("bad.csv", GOOD + row + "\n"))
    error = caught.value.errors[0]
    assert error.row == 8 and error.field.startswith(field) and reason in error.reason_zh
    assert error.reason_en
    assert Result.objects.count() == 0 and Sample.objects.count() == 0
    assert ImportFile.objects.get().status == "rejected"


def test_header_problems(users, sites, write):
    with pytest.raises(ImportRejected) as caught:
        load(users, write("x.csv", "Probe,Ort,Datum\nA,B,C\n"))
    # Unknown columns are read as analytes of a wide file, which then lacks its sample columns.
    assert {e.reason_en.split("“")[0] for e in caught.value.errors} == {"The required column "}
    with pytest.raises(ImportRejected):
        load(users, write("y.csv", GOOD.replace("分析方法,", "")))
    english = GOOD.replace(HEADER, "Sample code,Site code,Sampled at,QC type,Batch,Method,"
                           "Substance,CAS RN,Value,Unit,LOD,LOQ,Recovery (%)\n")  # fmt: skip
    assert load(users, write("en.csv", english)).created == 6


def test_repeated_rows_in_one_file_are_refused(users, sites, write):
    row = GOOD.splitlines()[1]
    with pytest.raises(ImportRejected) as caught:
        load(users, write("dup.csv", GOOD + row + "\n"))
    assert "重复" in caught.value.errors[0].reason_zh
    assert Result.objects.count() == 0


def test_samples_spread_over_batches_load_once_and_repeats_are_found(
    users, sites, write, monkeypatch
):
    # Two rows a batch: sample S-001's rows fall in two batches, so on PostgreSQL the first
    # batch creates it and loads directly, and the second goes through the staging table.
    monkeypatch.setattr("npgov.monitoring.importers.BATCH_ROWS", 2)
    outcome = load(users, write("a.csv", GOOD))
    assert (outcome.created, outcome.samples_created, Result.objects.count()) == (6, 4, 6)
    assert Sample.objects.count() == 4
    first = GOOD.splitlines()[1].replace("S-001", "S-010")
    repeated = HEADER + first + "\n" + first.replace("１２．５", "13") + "\n"  # same batch
    spread = HEADER + first + "\n" + GOOD.splitlines()[4] + "\n" + first + "\n"  # two batches
    for text in (repeated, spread):
        with pytest.raises(ImportRejected) as caught:
            load(users, write("r.csv", text.replace("S-010", f"S-01{len(text) % 7}")))
        assert "重复" in caught.value.errors[0].reason_zh
    assert Result.objects.count() == 6 and Sample.objects.count() == 4


def _xlsx(rows, merge=None) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_wide_xlsx_loads(users, sites, tmp_path):
    rows = [
        [
            "样品编号",
            "点位编号",
            "采样时间",
            "分析方法",
            "单位",
            "全氟辛酸",
            "1763-23-1",
            "环丙沙星",
        ],
        ["W-1", "SW-CY-01", "2025-06-01", "HJ 1333-2023", "ng/L", 3.2, "<0.5", ""],
        ["W-2", "WE-CY-02", "2025-06-02", "HJ 1333-2023", "ng/L", "1,020", 0.8, 15],
    ]
    path = tmp_path / "wide.xlsx"
    path.write_bytes(_xlsx(rows))
    outcome = load(users, path)
    assert outcome.file.layout == "wide" and outcome.created == 5
    assert Result.objects.get(sample__code="W-2", substance__name_zh="全氟辛酸").value == 1020


def test_broken_xlsx_files_are_refused(users, sites, tmp_path):
    merged = tmp_path / "merged.xlsx"
    merged.write_bytes(_xlsx([["样品编号", "点位编号"], ["a", "b"], ["", ""]], merge="A2:A3"))
    truncated = tmp_path / "truncated.xlsx"
    truncated.write_bytes(_xlsx([["a"]])[:300])
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (40 * 1024 * 1024))
    for path, words in ((merged, "合并"), (truncated, "损坏"), (bomb, "压缩炸弹")):
        with pytest.raises(ImportRejected) as caught:
            load(users, path)
        assert words in caught.value.errors[0].reason_zh
    assert Result.objects.count() == 0


def test_utf16_and_other_file_types_are_refused(users, sites, write):
    with pytest.raises(ImportRejected) as caught:
        load(users, write("u16.csv", GOOD, encoding="utf-16"))
    assert "GB18030" in caught.value.errors[0].reason_en
    with pytest.raises(ImportRejected):
        load(users, write("r.pdf", "%PDF-1.4"))


def test_csv_edge_cases_keep_row_numbers_and_refuse_bad_text(users, sites, write):
    lines = GOOD.splitlines()
    # A blank line, a quoted field over two lines and a short row keep the file's row numbers.
    odd = "\n".join([*lines[:3], "", '"S-005",SW-CY-01,2025-05-03,样品,"B\n5",HJ 1333-2023,'
                      "全氟辛酸,335-67-1,zz,ng/L,0.5,1.5,90", "S-006,SW-CY-01"]) + "\n"  # fmt: skip
    with pytest.raises(ImportRejected) as caught:
        load(users, write("odd.csv", odd))
    rows = {(e.row, e.field.split(" ")[0]) for e in caught.value.errors}
    assert (5, "测定值") in rows  # the "zz" value, in the fifth record
    assert any(row == 6 for row, _field in rows)  # the short row lacks its required cells
    # Invalid UTF-8 beyond the first megabyte is named with its line.
    padding = "".join(f"{lines[1].replace('S-001', f'P-{i:06d}')}\n" for i in range(12_000))
    path = write("late.csv", HEADER + padding)
    path.write_bytes(
        path.read_bytes() + "S-9,SW-CY-01,2025-05-03,样品,B,M,".encode() + b"\xff\xfe\n"
    )
    with pytest.raises(ImportRejected) as caught:
        load(users, path)
    assert "utf-8" in caught.value.errors[0].reason_en.lower()
    assert caught.value.errors[0].row > 11_000  # "near line …": text is decoded in blocks
    assert Result.objects.count() == 0 and Sample.objects.count() == 0


def test_a_200_mb_file_is_reported_and_one_over_the_limit_refused(users, sites, tmp_path):
    from npgov.monitoring.importers import MAX_BYTES, MAX_ERRORS

    # 200 MB of rows naming a site that does not exist: the report stops at MAX_ERRORS.
    row = "S-{},XX-00,2025-05-03,样品,B,M,全氟辛酸,335-67-1,1.5,ng/L,0.5,1.5,95\n"
    big = tmp_path / "big.csv"
    with big.open("w", encoding="utf-8") as handle:
        handle.write(HEADER)
        block = "".join(row.format(i) for i in range(10_000))
        while handle.tell() < 200 * 1024 * 1024:
            handle.write(block)
    with pytest.raises(ImportRejected) as caught:
        load(users, big)
    assert len(caught.value.errors) == MAX_ERRORS
    assert caught.value.errors[0].row == 2 and "点位" in caught.value.errors[0].reason_zh
    record = ImportFile.objects.get()
    assert record.status == "rejected" and record.error_count == MAX_ERRORS
    assert Result.objects.count() == 0 and Sample.objects.count() == 0
    huge = tmp_path / "huge.csv"
    with huge.open("wb") as handle:  # sparse: no disk is written
        handle.truncate(MAX_BYTES + 1)
    with pytest.raises(ImportRejected) as caught:
        load(users, huge)
    assert "split" in caught.value.errors[0].reason_en


def test_every_row_with_the_same_bad_cell_is_named(users, sites, write):
    bad = "".join(
        f"S-1{i},SW-CY-01,2025-05-03,样品,B,M,全氟辛酸,335-67-2,3,ng/L,,,\n" for i in range(3)
    )
    with pytest.raises(ImportRejected) as caught:
        load(users, write("bad.csv", HEADER + bad))
    assert [(e.row, e.value) for e in caught.value.errors] == [(2, "335-67-2"), (3, "335-67-2"),
                                                                 (4, "335-67-2")]  # fmt: skip


def test_only_laboratories_upload_their_own(users, sites, write):
    from django.core.exceptions import PermissionDenied

    with pytest.raises((PermissionDenied, ImportRejected)):
        import_results(actor=users["analyst"], path=write("a.csv", GOOD))
    with pytest.raises(PermissionDenied):
        import_results(
            actor=users["enterprise"], path=write("a.csv", GOOD),
            laboratory=users["lab"].organisation,
        )  # fmt: skip


def test_qa_flags_blank_contamination_and_duplicates(users, sites, write):
    text = HEADER + (
        "Q-1,SW-CY-01,2025-05-03,样品,BQ,M,全氟辛酸,335-67-1,10,ng/L,0.5,1.5,95\n"
        "Q-2,SW-CY-01,2025-05-03,现场空白,BQ,M,全氟辛酸,335-67-1,4,ng/L,0.5,1.5,95\n"
        "Q-3,SW-CY-01,2025-05-03,样品,BQ,M,全氟辛基磺酸,1763-23-1,10,ng/L,0.5,1.5,40\n"
    )
    load(users, write("qa.csv", text))
    assert "blank_contamination" in Result.objects.get(sample__code="Q-1").qa_flags
    assert "blank_contamination" not in Result.objects.get(sample__code="Q-3").qa_flags
    assert "recovery" in Result.objects.get(sample__code="Q-3").qa_flags
    dup = (
        "样品编号,点位编号,采样时间,质控类型,平行样对应样品,分析方法,物质名称,测定值,单位\n"
        "D-1,WE-CY-02,2025-05-05,样品,,M,全氟辛酸,10,ng/L\n"
        "D-2,WE-CY-02,2025-05-05,平行样,D-1,M,全氟辛酸,20,ng/L\n"
    )
    load(users, write("dup.csv", dup))
    assert "duplicate_rpd" in Result.objects.get(sample__code="D-1").qa_flags


def test_cli_prints_counts_or_the_report(users, sites, write, capsys):
    from npgov.cli import main

    path = write("cli.csv", GOOD)
    assert main(["import", "monitoring", str(path), "--user", "lab", "--json"]) == 0
    import json

    summary = json.loads(capsys.readouterr().out)
    assert summary["results_created"] == 6 and summary["status"] == "loaded"
    bad = write("bad.csv", GOOD.replace("2025-05-04", "2099-05-04"))
    assert main(["import", "monitoring", str(bad), "--user", "lab", "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["loaded"] is False and report["errors"][0]["row"] == 6


def test_statistics_censor_non_detects_and_hide_rejected_results(users, sites, write):
    from npgov.chemicals.models import Substance
    from npgov.monitoring.selectors import statistics

    text = HEADER + "".join(
        f"T-{i},SW-CY-01,2025-0{1 + i % 9}-0{1 + i % 9},样品,B,M,全氟辛酸,335-67-1,"
        f"{'ND' if i % 3 == 0 else i},ng/L,0.5,1.5,\n"
        for i in range(12)
    )
    load(users, write("stats.csv", text))
    pfoa = Substance.objects.get(name_zh="全氟辛酸")
    (row,) = statistics(user=users["analyst"], substance=pfoa)
    assert row["n"] == 12 and row["n_detected"] == 8 and row["max"] == 11
    assert row["detection_frequency"] == pytest.approx(8 / 12) and row["reliable"]
    by_district = statistics(user=users["analyst"], substance=pfoa, by="district")
    assert [r["group"] for r in by_district] == ["朝阳区"]
    by_year = statistics(user=users["analyst"], substance=pfoa, by="year")
    assert [(r["group"], r["n"]) for r in by_year] == [(2025, 12)]
    (none,) = statistics(user=users["analyst"], substance=pfoa, by="programme")
    assert none["group"] is None and none["n"] == 12  # no programme named in the file
    Result.objects.filter(value=11).update(review="rejected")
    assert statistics(user=users["analyst"], substance=pfoa)[0]["max"] == 10
    assert statistics(user=users["enterprise"], substance=pfoa) == []  # nothing accepted yet


MP = (
    "样品编号,点位编号,采样时间,聚合物,形态,粒径,个数,丰度,丰度单位\n"
    "MP-1,SO-MY-01,2025-04-12,聚乙烯,薄膜,100-500,120,120,个/kg\n"
    "MP-1,SO-MY-01,2025-04-12,PP,碎片,<100,40,40,items/kg\n"
    "MP-2,SW-CY-01,2025-04-13,PET,纤维,500-1000,6,0.12,items/L\n"
)


def test_microplastics_counts_load_once_and_bad_rows_are_refused(users, sites, write):
    from npgov.monitoring.choices import Polymer, Shape, SizeClass
    from npgov.monitoring.microplastics import POLYMERS, SHAPES, SIZES
    from npgov.monitoring.models import MicroplasticObservation

    assert set(POLYMERS.values()) == set(Polymer.values)
    assert set(SHAPES.values()) == set(Shape.values)
    assert set(SIZES.values()) == set(SizeClass.values)
    outcome = load(users, write("mp.csv", MP))
    assert outcome.created == 3 and outcome.file.layout == "microplastics"
    film = MicroplasticObservation.objects.get(polymer="PE")
    assert (film.shape, film.size_class, film.abundance_unit) == ("film", "100_500", "items/kg")
    again = load(users, write("mp2.csv", MP.replace("\n", "\r\n")))
    assert again.created == 0 and again.duplicates == 3
    bad = MP + "MP-3,SW-CY-01,2025-04-13,PET,纤维,500-1000,6,0.12,items/kg\n"
    with pytest.raises(ImportRejected) as caught:
        load(users, write("mp3.csv", bad))
    assert caught.value.errors[0].row == 5 and "介质" in caught.value.errors[0].reason_zh
    assert MicroplasticObservation.objects.count() == 3
