"""Substances entered by data stewards: identity checks, conflicts, search and resolution."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from npgov.chemicals.models import Substance, SubstanceIdentifier
from npgov.chemicals.selectors import resolve, resolve_batch, search
from npgov.chemicals.services import SubstanceInput, substance_create

pytestmark = pytest.mark.django_db
PUBLIC = AnonymousUser()


def test_steward_creates_a_substance_that_is_classified_on_arrival(chem, steward):
    pfhxa = substance_create(
        actor=steward,
        data=SubstanceInput(
            name_zh="全氟己酸",
            name_en="Perfluorohexanoic acid",
            cas=["307-24-4"],
            synonyms=["PFHxA"],
            smiles="OC(=O)" + "C(F)(F)" * 4 + "C(F)(F)F",
        ),
    )
    assert pfhxa.platform_id.startswith("NPS-") and pfhxa.formula == "C6HF11O2"
    groups = set(pfhxa.memberships.values_list("group__code", flat=True))
    assert groups == {"PFAS_OECD"}  # a PFAS, but neither PFOA- nor PFHxS-class
    assert resolve(user=PUBLIC, query="PFHxA").substances == [pfhxa]


@pytest.mark.parametrize(
    ("data", "field", "fragment"),
    [
        (dict(cas=["1763-23-2"]), "cas", "should be 1"),  # wrong check digit: names the right one
        (dict(cas=["17-63-231"]), "cas", "CAS"),
        (dict(cas=["1763-23-1"]), "cas", "NPS-"),  # belongs to PFOS already
        (dict(smiles="c1cccc1"), "smiles", "RDKit"),
        (dict(smiles="C(C)(C)(C)(C)C"), "smiles", "valence"),
        (dict(smiles="OS(=O)(=O)" + "C(F)(F)" * 7 + "C(F)(F)F"), "smiles", "InChIKey"),
        (dict(name_zh="二氯甲烷"), "name_zh", "二氯甲烷"),
        (dict(kind="uvcb", smiles="CCCC"), "smiles", "UVCB"),
    ],
)
def test_bad_identity_is_refused_and_nothing_is_written(chem, steward, data, field, fragment):
    before = (Substance.objects.count(), SubstanceIdentifier.objects.count())
    fields = {"name_zh": "测试物质", **data}
    with pytest.raises(ValidationError) as refused:
        substance_create(actor=steward, data=SubstanceInput(**fields))
    messages = " ".join(refused.value.message_dict.get(field, []))
    assert fragment.lower() in messages.lower(), refused.value.message_dict
    assert (Substance.objects.count(), SubstanceIdentifier.objects.count()) == before


def test_only_stewards_write(chem, users):
    with pytest.raises(PermissionDenied):
        substance_create(actor=users["analyst"], data=SubstanceInput(name_zh="某物质"))


@pytest.mark.parametrize(
    ("query", "expected_cas"),
    [
        ("1763-23-1", "1763-23-1"),
        ("全氟辛基磺酸", "1763-23-1"),
        ("perfluorooctane sulfonic acid", "1763-23-1"),
        ("pfos", "1763-23-1"),
        ("YFSUTJLHUFNCNZ-UHFFFAOYSA-N", "1763-23-1"),
        ("FC(F)(F)C(F)(F)C(F)(F)C(F)(F)C(F)(F)C(F)(F)C(F)(F)C(=O)O", "335-67-1"),
        ("BDE-209", "1163-19-5"),
    ],
)
def test_one_search_box_takes_every_kind_of_identifier(chem, query, expected_cas):
    found = list(search(user=PUBLIC, text=query))
    assert [s.identifiers.filter(kind="cas").first().value for s in found] == [expected_cas]


def test_batch_resolution_reports_every_line(chem):
    lines = [
        "1763-23-1",
        "1763-23-2",
        "HCH-not-a-name",
        "ClC1C(Cl)C(Cl)C(Cl)C(Cl)C1Cl",
        "NPS-000001",
        "  ",
    ]
    results = resolve_batch(user=PUBLIC, queries=lines)
    assert [r.status for r in results] == [
        "matched",
        "invalid",
        "unmatched",
        "ambiguous",
        "matched",
    ]
    assert len(results[3].substances) == 3  # alpha-, beta-HCH and lindane share the drawing


def test_substructure_search(chem):
    from npgov.chemicals.selectors import substructure_search

    found = substructure_search(user=PUBLIC, smarts="[CX4](F)(F)S(=O)(=O)")
    assert {s.identifiers.filter(kind="cas").first().value for s in found} >= {
        "1763-23-1",
        "355-46-4",
        "307-35-7",
    }
