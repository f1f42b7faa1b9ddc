"""The chemical reference data loads completely, with identity computed by RDKit."""

import pytest

from npgov.chemicals.models import (
    ControlMeasure,
    GroupMembership,
    ListEntry,
    RegulatoryList,
    Substance,
    SubstanceGroup,
)

pytestmark = pytest.mark.django_db


def test_lists_entries_and_measures(chem):
    assert set(RegulatoryList.objects.values_list("code", flat=True)) == {
        "KCNP-2023",
        "PCC-1",
        "PCC-2",
        "SRTC-2023",
        "SRTC-2020",
        "SC-POPS",
    }
    kcnp = RegulatoryList.objects.get(code="KCNP-2023")
    assert str(kcnp.published) == "2022-12-29" and str(kcnp.effective) == "2023-03-01"
    # 13 numbered entries and the 10 members of entry 14 (already phased out).
    assert kcnp.entries.count() == 23
    assert RegulatoryList.objects.get(code="SRTC-2020").superseded_by.code == "SRTC-2023"
    assert ListEntry.objects.filter(regulatory_list__code="PCC-1").count() == 22
    assert ListEntry.objects.filter(regulatory_list__code="PCC-2").count() == 18
    pfos_use = ControlMeasure.objects.get(
        entry__regulatory_list=kcnp, entry__number="1", activity="processing_use"
    )
    exemption = pfos_use.uses.get()
    assert exemption.text_zh == "用于生产灭火泡沫药剂" and str(exemption.until) == "2023-12-31"
    hbcdd = ControlMeasure.objects.filter(entry__number="14-1", entry__regulatory_list=kcnp)
    assert hbcdd.exists() and all(m.provisional for m in hbcdd)


def test_reference_substances_have_identity_from_rdkit(chem):
    pfoa = Substance.objects.get(identifiers__normalized="335-67-1")
    # RDKit gives PFOA this InChIKey and monoisotopic mass (STYLE.md stack facts; PubChem CID 9554).
    assert pfoa.inchikey == "SNGREZUHAYWORS-UHFFFAOYSA-N"
    assert abs(pfoa.monoisotopic_mass - 413.9737) < 1e-4
    assert pfoa.formula == "C8HF15O2"
    k_pfos = Substance.objects.get(identifiers__normalized="2795-39-3")
    pfos = Substance.objects.get(identifiers__normalized="1763-23-1")
    assert k_pfos.parent_inchikey == pfos.inchikey
    hbcdd = Substance.objects.get(identifiers__normalized="3194-55-6")
    assert hbcdd.identifiers.filter(kind="cas").count() == 5
    sccp = Substance.objects.get(identifiers__normalized="85535-84-8")
    assert sccp.kind == "uvcb" and not sccp.canonical_smiles


def test_memberships_by_list_and_by_rule(chem):
    pfos_members = set(
        GroupMembership.objects.filter(group__code="PFOS").values_list(
            "substance__identifiers__normalized", "basis"
        )
    )
    assert ("2795-39-3", "explicit") in pfos_members and ("2795-39-3", "rule") in pfos_members
    # The OECD definition takes in every perfluoroalkyl substance of the reference set.
    oecd = set(
        SubstanceGroup.objects.get(code="PFAS_OECD").memberships.values_list(
            "substance__platform_id", flat=True
        )
    )
    pfoa = Substance.objects.get(identifiers__normalized="335-67-1")
    assert pfoa.platform_id in oecd
    assert not GroupMembership.objects.filter(
        group__code="PFAS_OECD", substance__identifiers__normalized="75-09-2"
    ).exists()


def test_loading_twice_changes_nothing(chem):
    from npgov.chemicals.services import chemicals_load_reference

    before = (
        Substance.objects.count(),
        ListEntry.objects.count(),
        ControlMeasure.objects.count(),
        GroupMembership.objects.count(),
    )
    chemicals_load_reference()
    assert (
        Substance.objects.count(),
        ListEntry.objects.count(),
        ControlMeasure.objects.count(),
        GroupMembership.objects.count(),
    ) == before
