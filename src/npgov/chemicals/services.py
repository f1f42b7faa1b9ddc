"""Writes of chemical knowledge: substances and identifiers, groups and memberships, lists
and measures, loaded from the versioned reference data or entered by data stewards."""

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max
from django.utils.translation import gettext as _

from npgov.core import policy, reference
from npgov.core.audit import acting_as
from npgov.science import structure
from npgov.science.identifiers import cas_check

from .choices import IdentifierKind, MembershipBasis, SubstanceKind, UseRole
from .identity import normalise_text, platform_id
from .models import (
    ControlMeasure,
    GroupMembership,
    GroupRule,
    ListEntry,
    MeasureUse,
    ProductLimit,
    RegulatoryList,
    Substance,
    SubstanceGroup,
    SubstanceIdentifier,
)

REFERENCE_DIR = "chemicals/"


def structure_error_to_validation(exc: structure.StructureError, field: str = "smiles"):
    return ValidationError(
        {field: f"{exc.reason_zh} / {exc.reason_en}"}, code=f"structure_{exc.code}"
    )


def _identity_fields(smiles: str) -> dict:
    try:
        ident = structure.identify(smiles)
    except structure.StructureError as exc:
        raise structure_error_to_validation(exc) from None
    return {
        "smiles": ident.smiles,
        "canonical_smiles": ident.canonical_smiles,
        "inchi": ident.inchi,
        "inchikey": ident.inchikey,
        "parent_inchikey": ident.parent_inchikey,
        "formula": ident.formula,
        "monoisotopic_mass": round(ident.monoisotopic_mass, 6),
    }


def _next_platform_id() -> str:
    last = Substance.objects.aggregate(top=Max("platform_id"))["top"]
    return platform_id(int(last[4:]) + 1 if last else 1)


@dataclass
class SubstanceInput:
    """What a steward or an import gives for one substance."""

    name_zh: str
    name_en: str = ""
    kind: str = SubstanceKind.DEFINED
    cas: list[str] = field(default_factory=list)
    ec: list[str] = field(default_factory=list)
    synonyms: list[str] = field(default_factory=list)
    smiles: str = ""
    stereo_unspecified: bool = False
    description: str = ""
    composition: list = field(default_factory=list)
    structure_note: str = ""
    source: str = ""


def substance_validate(data: SubstanceInput, *, existing: Substance | None = None) -> dict:
    """Check one substance's identity against the rules and the stored substances.

    Returns the computed structure fields; raises :class:`ValidationError` with one message
    per field (in Chinese and English) when anything is wrong. Writes nothing.
    """
    errors: dict[str, list[str]] = {}
    if not data.name_zh.strip():
        errors.setdefault("name_zh", []).append(_("A Chinese name is required."))
    cas_normalised = []
    for value in data.cas:
        check = cas_check(value)
        if not check.valid:
            errors.setdefault("cas", []).append(f"{check.reason_zh} / {check.reason_en}")
            continue
        cas_normalised.append(check.normalized)
        owner = (
            SubstanceIdentifier.objects.filter(kind=IdentifierKind.CAS, normalized=check.normalized)
            .exclude(substance=existing)
            .select_related("substance")
            .first()
        )
        if owner:
            errors.setdefault("cas", []).append(
                _("CAS RN {cas} already belongs to {substance}.").format(
                    cas=check.normalized, substance=owner.substance
                )
            )
    for label, value in (("name_zh", data.name_zh), ("name_en", data.name_en)):
        if value.strip():
            clash = Substance.objects.filter(**{f"{label}__iexact": value.strip()}).exclude(
                pk=getattr(existing, "pk", None)
            )
            if clash.exists():
                errors.setdefault(label, []).append(
                    _("The name “{name}” is already used by {substance}.").format(
                        name=value.strip(), substance=clash.first()
                    )
                )
    fields: dict = {}
    if data.smiles.strip():
        if data.kind != SubstanceKind.DEFINED:
            errors.setdefault("smiles", []).append(
                _("A UVCB or mixture has no single structure; describe its composition instead.")
            )
        else:
            try:
                fields = _identity_fields(data.smiles.strip())
            except ValidationError as exc:
                errors.setdefault("smiles", []).extend(exc.message_dict["smiles"])
            else:
                ident = structure.identify(data.smiles.strip())
                if ident.changed_by_normalisation:
                    errors.setdefault("smiles", []).append(
                        f"RDKit 将该结构规范化为 {ident.normalised_smiles}；请核对并改用该 SMILES。"
                        f" / RDKit normalises this structure to {ident.normalised_smiles}; check "
                        "it and enter that SMILES instead."
                    )
                if data.stereo_unspecified and not structure.has_unassigned_stereo(
                    data.smiles.strip()
                ):
                    errors.setdefault("stereo_unspecified", []).append(
                        _(
                            "This structure has no undefined stereocentre; it cannot stand for "
                            "several stereoisomers."
                        )
                    )
                if not data.stereo_unspecified:
                    twin = (
                        Substance.objects.filter(
                            inchikey=fields["inchikey"], stereo_unspecified=False
                        )
                        .exclude(pk=getattr(existing, "pk", None))
                        .first()
                    )
                    if twin:
                        errors.setdefault("smiles", []).append(
                            _("{substance} already has this structure (InChIKey {key}).").format(
                                substance=twin, key=fields["inchikey"]
                            )
                        )
    if errors:
        raise ValidationError(errors)
    fields["cas"] = cas_normalised
    return fields


def _write_identifiers(substance: Substance, data: SubstanceInput, cas: list[str]) -> None:
    wanted = [(IdentifierKind.CAS, value, value) for value in cas]
    wanted += [(IdentifierKind.EC, value, value.strip()) for value in data.ec]
    wanted += [
        (IdentifierKind.SYNONYM, value.strip(), normalise_text(value))
        for value in data.synonyms
        if value.strip()
    ]
    for kind, value, normalized in wanted:
        SubstanceIdentifier.objects.get_or_create(
            substance=substance,
            kind=kind,
            normalized=normalized,
            defaults={"value": value, "source": data.source},
        )


@transaction.atomic
def substance_create(*, actor, data: SubstanceInput) -> Substance:
    """Create a substance with its identifiers, classify it by the group rules."""
    policy.require(actor, "chemicals.change_substance")
    return _substance_save(actor=actor, data=data, substance=None)


def _substance_save(
    *,
    actor,
    data: SubstanceInput,
    substance: Substance | None,
    platform: str | None = None,
    version: str = "",
    classify: bool = True,
) -> Substance:
    fields = substance_validate(data, existing=substance)
    cas = fields.pop("cas")
    with acting_as(actor):
        if substance is None:
            substance = Substance(platform_id=platform or _next_platform_id(), created_by=actor)
        for key in (
            "name_zh",
            "name_en",
            "kind",
            "description",
            "composition",
            "structure_note",
            "source",
            "stereo_unspecified",
        ):
            setattr(substance, key, getattr(data, key))
        for key in (
            "smiles",
            "canonical_smiles",
            "inchi",
            "inchikey",
            "parent_inchikey",
            "formula",
        ):
            setattr(substance, key, fields.get(key, ""))
        substance.monoisotopic_mass = fields.get("monoisotopic_mass")
        substance.reference_version = version or substance.reference_version
        substance.full_clean()
        substance.save()
        _write_identifiers(substance, data, cas)
        if classify:
            memberships_classify(substances=[substance])
    return substance


@transaction.atomic
def substance_update(*, actor, substance: Substance, data: SubstanceInput) -> Substance:
    """Replace a substance's identity, names and identifiers with ``data``."""
    policy.require(actor, "chemicals.change_substance", substance)
    saved = _substance_save(actor=actor, data=data, substance=substance)
    with acting_as(actor):
        _identifiers_sync(saved, data)
    return saved


def _identifiers_sync(substance: Substance, data: SubstanceInput) -> None:
    """Remove the CAS RNs, EC numbers and synonyms that ``data`` no longer gives."""
    keep = {
        IdentifierKind.CAS: {cas_check(v).normalized for v in data.cas},
        IdentifierKind.EC: {v.strip() for v in data.ec},
        IdentifierKind.SYNONYM: {normalise_text(v) for v in data.synonyms},
    }
    for ident in substance.identifiers.all():
        if ident.normalized not in keep.get(ident.kind, set()):
            ident.delete()


_classifier_cache: dict[tuple, structure.GroupClassifier] = {}


def classifier_reset() -> None:
    _classifier_cache.clear()


def classifier() -> structure.GroupClassifier:
    """The group classifier of the stored rules, compiled once per process and rebuilt when
    the rules change (their count, last key or reference version)."""
    signature = tuple(GroupRule.objects.aggregate(n=Count("pk"), last=Max("pk")).values()) + tuple(
        SubstanceGroup.objects.values_list("reference_version", flat=True).distinct()
    )
    if signature not in _classifier_cache:
        _classifier_cache.clear()
        _classifier_cache[signature] = _classifier_build()
    return _classifier_cache[signature]


def _classifier_build() -> structure.GroupClassifier:
    groups = []
    for group in SubstanceGroup.objects.prefetch_related("rules").order_by("code"):
        rules = [
            {
                **rule.definition,
                "code": rule.code,
                "description_en": rule.description_en,
                "provisional": rule.provisional,
            }
            for rule in group.rules.all()
        ]
        if rules:
            groups.append(
                {
                    "code": group.code,
                    "name_zh": group.name_zh,
                    "name_en": group.name_en,
                    "description_en": group.description_en,
                    "source": group.source,
                    "rules": rules,
                }
            )
    if not groups:
        return structure.GroupClassifier([])
    return structure.GroupClassifier(structure.rules_from_data({"groups": groups}))


def memberships_classify(*, substances, engine: structure.GroupClassifier | None = None) -> int:
    """(Re)compute rule-based memberships of ``substances``; returns memberships written."""
    groups = {g.code: g for g in SubstanceGroup.objects.all()}
    engine = engine or classifier()
    written = 0
    for substance in substances:
        GroupMembership.objects.filter(substance=substance, basis=MembershipBasis.RULE).delete()
        if not substance.canonical_smiles:
            continue
        for match in engine.classify(substance.canonical_smiles):
            GroupMembership.objects.get_or_create(
                group=groups[match.group_code],
                substance=substance,
                basis=MembershipBasis.RULE,
                rule_code=match.rule_code,
            )
            written += 1
    return written


def _date(value) -> dt.date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


@transaction.atomic
def chemicals_load_reference() -> dict[str, int]:
    """Load groups, substances, lists and measures from ``reference/chemicals`` (idempotent)."""
    groups_data = reference.read_yaml(REFERENCE_DIR + "group_rules.yaml")
    version = str(groups_data.get("version", ""))
    for group in structure.groups_from_data(groups_data):
        SubstanceGroup.objects.update_or_create(
            code=group["code"],
            defaults={
                "name_zh": group["name_zh"],
                "name_en": group["name_en"],
                "description_en": group.get("description_en", ""),
                "source": group.get("source", ""),
                "reference_version": version,
            },
        )
    for group in groups_data["groups"]:
        obj = SubstanceGroup.objects.get(code=group["code"])
        keep = []
        for order, rule in enumerate(group.get("rules", [])):
            definition = {
                k: v for k, v in rule.items() if k not in ("code", "description_en", "provisional")
            }
            GroupRule.objects.update_or_create(
                group=obj,
                code=rule["code"],
                defaults={
                    "description_en": rule.get("description_en", ""),
                    "definition": definition,
                    "provisional": rule.get("provisional", False),
                    "order": order,
                },
            )
            keep.append(rule["code"])
        obj.rules.exclude(code__in=keep).delete()

    substances_data = reference.read_yaml(REFERENCE_DIR + "substances.yaml")
    sversion = str(substances_data.get("version", ""))
    reference_groups = {
        row["id"]: row["groups"] for row in substances_data["substances"] if row.get("groups")
    }
    for row in substances_data["substances"]:
        data = SubstanceInput(
            name_zh=row["name_zh"],
            name_en=row.get("name_en", ""),
            kind=row.get("kind", "defined"),
            cas=row.get("cas", []),
            synonyms=row.get("synonyms", []),
            smiles=row.get("smiles", ""),
            stereo_unspecified=row.get("stereo_unspecified", False),
            description=row.get("description", ""),
            structure_note=row.get("note", ""),
            source="; ".join(filter(None, ["S-LISTS", row.get("structure_source", "")])),
        )
        existing = Substance.objects.filter(platform_id=row["id"]).first()
        saved = _substance_save(
            actor=None,
            data=data,
            substance=existing,
            platform=row["id"],
            version=sversion,
            classify=False,
        )
        _identifiers_sync(saved, data)
    memberships_classify(substances=Substance.objects.exclude(canonical_smiles=""))

    lists_data = reference.read_yaml(REFERENCE_DIR + "lists.yaml")
    by_cas = dict(
        SubstanceIdentifier.objects.filter(kind=IdentifierKind.CAS).values_list(
            "normalized", "substance_id"
        )
    )
    groups = {g.code: g for g in SubstanceGroup.objects.all()}
    counts = {"lists": 0, "entries": 0, "measures": 0}
    pending_supersede = []
    for row in lists_data["lists"]:
        reg, _c = RegulatoryList.objects.update_or_create(
            code=row["code"],
            defaults={
                "name_zh": row["name_zh"],
                "name_en": row["name_en"],
                "kind": row["kind"],
                "issuer_zh": row.get("issuer_zh", ""),
                "document_number": row.get("document_number", "") or "",
                "edition": row.get("edition", "") or "",
                "published": _date(row.get("published")),
                "effective": _date(row.get("effective")),
                "confirmed": row.get("confirmed", True),
                "source": row["source"],
                "reference_version": str(lists_data["version"]),
            },
        )
        if row.get("superseded_by"):
            pending_supersede.append((reg, row["superseded_by"]))
        counts["lists"] += 1
        for order, entry_row in enumerate(row["entries"]):
            entry = _entry_load(reg, order, entry_row, groups, by_cas)
            counts["entries"] += 1
            counts["measures"] += entry.measures.count()
        reg.entries.exclude(number__in=[e["number"] for e in row["entries"]]).delete()
    RegulatoryList.objects.filter(
        code__in=[row["code"] for row in lists_data["lists"] if not row.get("superseded_by")]
    ).update(superseded_by=None)
    for reg, code in pending_supersede:
        reg.superseded_by = RegulatoryList.objects.get(code=code)
        reg.save(update_fields=["superseded_by"])
    memberships_explicit_from_lists(reference_groups)
    classifier_reset()
    return counts


def list_start(reg: RegulatoryList) -> dt.date | None:
    """When a list's measures start: its effective date, else (unconfirmed) the first day of
    its edition year, else unknown."""
    if reg.effective:
        return reg.effective
    if reg.edition[:4].isdigit():
        return dt.date(int(reg.edition[:4]), 1, 1)
    return None


def _entry_load(reg: RegulatoryList, order: int, row: dict, groups: dict, by_cas: dict):
    entry, _c = ListEntry.objects.update_or_create(
        regulatory_list=reg,
        number=row["number"],
        defaults={
            "order": order,
            "name_zh": row["name_zh"],
            "name_en": row.get("name_en", ""),
            "abbreviation": row.get("abbreviation", "") or "",
            "group": groups.get(row.get("group")) if row.get("group") else None,
            "defines_group": bool(row.get("group")) and reg.kind in DEFINING_LIST_KINDS,
            "cas_listed": row.get("cas", []),
            "emission_standards": row.get("emission_standards", []),
            "duties": row.get("duties", {}) or {},
            "annex": row.get("annex", ""),
            "year_listed": row.get("year_listed"),
            "listing_decision": row.get("listing_decision", ""),
            "confirmed": row.get("confirmed", True),
            "notes": row.get("notes", "") or "",
        },
    )
    entry.substances.set([by_cas[c] for c in row.get("cas", []) if c in by_cas])
    keys = []
    for index, m in enumerate(row.get("measures", [])):
        key = f"{reg.code}:{row['number']}:{m['activity']}:{index}"
        measure, _c = ControlMeasure.objects.update_or_create(
            key=key,
            defaults={
                "entry": entry,
                "activity": m["activity"],
                "kind": m["kind"],
                "effective_from": _date(m.get("effective_from")) or list_start(reg),
                "effective_until": _date(m.get("effective_until")),
                # Unconfirmed list details, or a start date that is only the edition year,
                # make the measure provisional.
                "provisional": m.get("provisional", False)
                or not reg.confirmed
                or (reg.effective is None and not m.get("effective_from")),
                "note_en": m.get("note_en", ""),
                "note_zh": m.get("note_zh", ""),
                "source": reg.source,
            },
        )
        measure.uses.all().delete()
        for role, items in (
            (UseRole.EXEMPTION, m.get("exemptions", [])),
            (UseRole.BANNED, m.get("banned_uses", [])),
        ):
            for item in items:
                MeasureUse.objects.create(
                    measure=measure,
                    role=role,
                    code=item["code"],
                    text_zh=item["text_zh"],
                    text_en=item.get("text_en", ""),
                    until=_date(item.get("until")),
                )
        measure.limits.all().delete()
        for item in m.get("limits", []):
            ProductLimit.objects.create(measure=measure, **item)
        keys.append(key)
    entry.measures.exclude(key__in=keys).delete()
    return entry


#: Lists whose entries define a group's membership (the legal definitions); other lists that
#: name a group (e.g. "nonylphenol and its ethoxylates") reach its members without adding any.
DEFINING_LIST_KINDS = ("key_controlled", "international")


def memberships_explicit_from_lists(reference_groups: dict[str, list[str]] | None = None) -> None:
    """Recompute explicit memberships: the substances named by entries that define a group,
    and the memberships the reference substances declare."""
    GroupMembership.objects.filter(basis=MembershipBasis.EXPLICIT).delete()
    for entry in ListEntry.objects.filter(defines_group=True, group__isnull=False).prefetch_related(
        "substances"
    ):
        for substance in entry.substances.all():
            GroupMembership.objects.get_or_create(
                group=entry.group,
                substance=substance,
                basis=MembershipBasis.EXPLICIT,
                rule_code="",
            )
    groups = {g.code: g for g in SubstanceGroup.objects.all()}
    for platform, codes in (reference_groups or {}).items():
        substance = Substance.objects.get(platform_id=platform)
        for code in codes:
            GroupMembership.objects.get_or_create(
                group=groups[code],
                substance=substance,
                basis=MembershipBasis.EXPLICIT,
                rule_code="",
            )


@transaction.atomic
def regulatory_list_save(*, actor, code: str, data: dict) -> RegulatoryList:
    """Create or update a list's record (issuer, document number, edition, dates, successor)."""
    policy.require(actor, "chemicals.change_regulatorylist")
    successor = data.get("superseded_by")
    with acting_as(actor):
        reg = RegulatoryList.objects.filter(code=code).first() or RegulatoryList(code=code)
        for key in (
            "name_zh",
            "name_en",
            "kind",
            "issuer_zh",
            "document_number",
            "edition",
            "source",
        ):
            if key in data:
                setattr(reg, key, data[key] or "")
        for key in ("published", "effective"):
            if key in data:
                setattr(reg, key, _date(data[key]))
        if "confirmed" in data:
            reg.confirmed = bool(data["confirmed"])
        reg.superseded_by = (
            (RegulatoryList.objects.get(code=successor) if successor else None)
            if "superseded_by" in data
            else reg.superseded_by
        )
        reg.full_clean()
        reg.save()
    return reg


@transaction.atomic
def list_entry_save(*, actor, reg: RegulatoryList, data: dict) -> ListEntry:
    """Create or replace an entry with its measures, in the same shape as ``lists.yaml``, and
    recompute the memberships it defines. Its CAS RNs must name known substances."""
    policy.require(actor, "chemicals.change_regulatorylist")
    unknown = []
    by_cas = {}
    for value in data.get("cas", []):
        check = cas_check(value)
        owner = SubstanceIdentifier.objects.filter(
            kind=IdentifierKind.CAS, normalized=check.normalized or value
        ).first()
        if not check.valid or owner is None:
            unknown.append(value)
        else:
            by_cas[check.normalized] = owner.substance_id
    if unknown:
        raise ValidationError(
            {
                "cas": [
                    _("No substance has the CAS RN {cas}; add the substance first.").format(
                        cas=", ".join(unknown)
                    )
                ]
            },
            code="unknown_cas",
        )
    groups = {g.code: g for g in SubstanceGroup.objects.all()}
    if data.get("group") and data["group"] not in groups:
        raise ValidationError({"group": _("Unknown group {code}.").format(code=data["group"])})
    data = {**data, "cas": [cas_check(v).normalized for v in data.get("cas", [])]}
    with acting_as(actor):
        existing = reg.entries.filter(number=data["number"]).first()
        order = existing.order if existing else reg.entries.count()
        try:
            entry = _entry_load(reg, order, data, groups, by_cas)
        except (KeyError, ValueError, TypeError) as exc:
            raise ValidationError(
                _("The entry is not well formed: {error}").format(error=exc), code="entry"
            ) from None
        for measure in entry.measures.all():
            measure.full_clean()
    memberships_explicit_from_lists()
    return entry


@transaction.atomic
def synonym_add(*, actor, substance: Substance, name: str, source: str) -> bool:
    """Teach the knowledge base a name it did not know (a trade name reported in the survey,
    say), so that it resolves from now on. Returns whether a synonym was added."""
    policy.require(actor, "chemicals.change_substance")
    normal = normalise_text(name)
    if not normal or substance.identifiers.filter(kind=IdentifierKind.SYNONYM, normalized=normal):
        return False
    with acting_as(actor):
        SubstanceIdentifier.objects.create(
            substance=substance,
            kind=IdentifierKind.SYNONYM,
            value=name.strip()[:300],
            normalized=normal[:300],
            source=source[:200],
        )
    return True
