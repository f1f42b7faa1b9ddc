"""Regression tests for the review of the chemical knowledge base (each failed before)."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from npgov.chemicals.importers import import_substances
from npgov.chemicals.models import GroupMembership, Substance
from npgov.chemicals.properties import check_value
from npgov.chemicals.selectors import resolve, rules_check
from npgov.chemicals.services import SubstanceInput, chemicals_load_reference, substance_create
from npgov.core.imports import ImportRejected
from npgov.science.units import convert

pytestmark = pytest.mark.django_db
PUBLIC = AnonymousUser()


def decide(query, activity, on, use=None):
    result = rules_check(
        user=PUBLIC, query=query, activity=activity, on=dt.date.fromisoformat(on), use=use
    )
    return result.decision.decision if result.decision else None


def test_a_list_without_effective_date_neither_applies_early_nor_supersedes_early(chem):
    # HBCDD was on the 2020 restricted list; the 2023 edition (date unknown) does not end it
    # before 2023, and decaBDE was not restricted by that list in 2021.
    assert decide("25637-99-4", "import", "2022-06-01") == "restricted"
    assert decide("1163-19-5", "import", "2021-06-01") == "not_regulated"


def test_a_list_entry_naming_a_group_does_not_make_its_other_substances_members(chem):
    npeo = Substance.objects.get(identifiers__normalized="9016-45-9")
    assert not GroupMembership.objects.filter(group__code="NP", substance=npeo).exists()
    assert decide("9016-45-9", "processing_use", "2024-06-01") == "not_regulated"


def test_a_salt_never_seen_before_gets_its_parents_measures(chem):
    smx_sodium = "Cc1cc([N-]S(=O)(=O)c2ccc(N)cc2)no1.[Na+]"
    assert decide(smx_sodium, "processing_use", "2024-06-01") == "restricted"


def test_exemptions_strict_banned_uses_generous(chem):
    negated = "不用于胶卷的摄影涂料而用于纺织品防水整理"
    assert decide("335-67-1", "processing_use", "2024-06-01", use=negated) == "prohibited"
    assert decide("二氯甲烷", "processing_use", "2024-06-01", use="脱漆剂") == "prohibited"
    assert decide("二氯甲烷", "processing_use", "2024-06-01", use="用作化妆品组分") == "prohibited"


def test_abbreviations_are_names_not_smiles(chem):
    assert resolve(user=PUBLIC, query="PCB").kind == "name"
    assert decide("PCB", "production", "2024-06-01") is None


def test_antibiotics_without_structure_are_members_by_list(chem):
    assert decide("60-54-8", "processing_use", "2024-06-01") == "restricted"


def test_stereo_flag_cannot_hide_a_duplicate(chem, steward):
    with pytest.raises(ValidationError) as refused:
        substance_create(
            actor=steward,
            data=SubstanceInput(
                name_zh="全氟辛基磺酸副本",
                stereo_unspecified=True,
                smiles="OS(=O)(=O)" + "C(F)(F)" * 7 + "C(F)(F)F",
            ),
        )
    assert "stereo_unspecified" in refused.value.message_dict


def test_reload_recomputes_explicit_memberships(chem):
    npeo = Substance.objects.get(identifiers__normalized="9016-45-9")
    stray = GroupMembership.objects.create(
        group_id=GroupMembership.objects.filter(group__code="NP").first().group_id,
        substance=npeo,
        basis="explicit",
    )
    chemicals_load_reference()
    assert not GroupMembership.objects.filter(pk=stray.pk).exists()


def test_resolution_reads_csv_files_properly_and_upper_cases_inchikeys(client, chem):
    content = '名称\n"p,p\'-DDT"\n'.encode("gb18030")
    response = client.post(
        reverse("chemicals:resolve"),
        {
            "identifiers": "yfsutjlhufncnz-uhfffaoysa-n",
            "file": SimpleUploadedFile("x.csv", content),
        },
    )
    text = response.content.decode()
    assert text.count('data-status="matched"') == 2, text[-3000:]


def test_import_refuses_in_file_duplicates_instead_of_crashing(chem, steward):
    content = (
        "中文名称,英文名称,EC号\n甲物质,Alpha,200-001-8\n乙物质,Beta,200-001-8\n丙物质,ALPHA,\n"
    ).encode()
    with pytest.raises(ImportRejected) as refused:
        import_substances(actor=steward, file_name="dup.csv", content=content)
    assert {e.row for e in refused.value.errors} == {3, 4}


def test_numbers_and_units_are_read_faithfully():
    with pytest.raises(ValueError):
        check_value(kind="water_solubility", value_text="1,5", unit="mg/L")
    assert check_value(kind="water_solubility", value_text="1,500", unit="mg/L")[1] == 1500
    assert convert(1.5, "mg/(10*L)", "mg/L").value == pytest.approx(0.15)
    assert convert(1, "atm*m3/mol", "Pa*m**3/mol").value == pytest.approx(101325)
