"""Reads of chemical knowledge: search, batch resolution, lists of a substance, rule checks."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from npgov.core import policy
from npgov.science import rules as rules_engine
from npgov.science import structure
from npgov.science.identifiers import cas_check
from npgov.science.structure import StructureIdentity

from .choices import IdentifierKind, UseRole
from .identity import INCHIKEY, PLATFORM_ID, normalise_cas, normalise_text
from .models import (
    ControlMeasure,
    GroupMembership,
    ListEntry,
    RegulatoryList,
    Substance,
    SubstanceGroup,
    SubstanceIdentifier,
)

VIEW = "chemicals.view_substance"


def substance_list(*, user) -> QuerySet[Substance]:
    return policy.scope(user, VIEW, Substance.objects.all())


def group_list(*, user) -> QuerySet[SubstanceGroup]:
    return policy.scope(user, VIEW, SubstanceGroup.objects.prefetch_related("rules"))


def list_list(*, user) -> QuerySet[RegulatoryList]:
    return policy.scope(user, VIEW, RegulatoryList.objects.select_related("superseded_by"))


@dataclass
class Resolution:
    """How one identifier was resolved."""

    query: str
    kind: str  # cas | inchikey | platform_id | smiles | name | invalid | empty
    status: str  # matched | ambiguous | unmatched | invalid
    substances: list[Substance] = field(default_factory=list)
    message_zh: str = ""
    message_en: str = ""
    structure: StructureIdentity | None = None


def _looks_like_smiles(text: str) -> bool:
    """Letters alone are read as a name or abbreviation (PCB, DDT), never as a SMILES; a
    SMILES is recognised by its bonds, branches, rings, charges or aromatic atoms."""
    if not text.isascii() or " " in text:
        return False
    if text.isalpha():
        return any(ch in "bcnops" for ch in text) and not text.islower()
    return True


def resolve(*, user, query: str) -> Resolution:
    """Resolve one identifier: CAS RN, InChIKey, platform ID, SMILES, name or synonym."""
    text = query.strip()
    qs = substance_list(user=user)
    if not text:
        return Resolution(
            query, "empty", "invalid", message_zh="空白输入。", message_en="Blank input."
        )
    if PLATFORM_ID.match(text):
        return _result(query, "platform_id", list(qs.filter(platform_id__iexact=text)))
    if INCHIKEY.match(text.upper()):
        return _result(query, "inchikey", list(qs.filter(inchikey=text.upper())))
    cas = normalise_cas(text)
    if cas:
        return _result(
            query,
            "cas",
            list(
                qs.filter(
                    identifiers__kind=IdentifierKind.CAS, identifiers__normalized=cas
                ).distinct()
            ),
        )
    if text.replace("-", "").isdigit():
        check = cas_check(text)
        return Resolution(
            query, "cas", "invalid", message_zh=check.reason_zh, message_en=check.reason_en
        )
    by_name = list(qs.filter(pk__in=_ids_by_exact_name(text)))
    if by_name:
        return _result(query, "name", by_name)
    if _looks_like_smiles(text):
        try:
            ident = structure.identify(text)
        except structure.StructureError:
            pass
        else:
            result = _result(query, "smiles", list(qs.filter(inchikey=ident.inchikey)))
            result.structure = ident
            if result.status == "unmatched" and ident.parent_inchikey != ident.inchikey:
                parent = qs.filter(inchikey=ident.parent_inchikey).first()
                if parent:
                    result.message_zh = f"未收录该结构；其母体化合物为 {parent}。"
                    result.message_en = f"This structure is not recorded; its parent is {parent}."
            return result
    return _result(query, "name", [])


def _result(query: str, kind: str, found: list[Substance]) -> Resolution:
    if not found:
        return Resolution(
            query,
            kind,
            "unmatched",
            message_zh="未找到匹配的物质。",
            message_en="No substance matches.",
        )
    if len(found) > 1:
        return Resolution(
            query,
            kind,
            "ambiguous",
            found,
            message_zh=f"匹配到 {len(found)} 种物质，请指定。",
            message_en=f"{len(found)} substances match; choose one.",
        )
    return Resolution(query, kind, "matched", found)


def resolve_batch(*, user, queries: list[str]) -> list[Resolution]:
    """Resolve every line; unmatched and ambiguous entries are reported, never dropped."""
    return [resolve(user=user, query=q) for q in queries if q.strip()]


def search(*, user, text: str) -> QuerySet[Substance]:
    """The search box: exact identifier matches first, else names containing the text."""
    text = text.strip()
    qs = substance_list(user=user)
    if not text:
        return qs
    exact = resolve(user=user, query=text)
    if exact.substances:
        return qs.filter(pk__in=[s.pk for s in exact.substances])
    return qs.filter(pk__in=_ids_by_partial_name(text))


#: The most rows each partial-name lookup contributes (a page shows 50; refine to narrow).
PARTIAL_LIMIT = 200


def _ids_by_exact_name(text: str) -> set[int]:
    """Substances whose Chinese or English name or a synonym is ``text``: three indexed
    lookups united in Python (an OR across the join would scan both tables)."""
    spaced = " ".join(text.split())
    ids = set(Substance.objects.filter(name_zh__iexact=spaced).values_list("pk", flat=True))
    ids |= set(Substance.objects.filter(name_en__iexact=spaced).values_list("pk", flat=True))
    ids |= set(
        SubstanceIdentifier.objects.filter(
            kind=IdentifierKind.SYNONYM, normalized=normalise_text(text)
        ).values_list("substance_id", flat=True)
    )
    return ids


def _ids_by_partial_name(text: str) -> set[int]:
    """Substances whose names or identifiers contain ``text`` (trigram indexes on PostgreSQL)."""
    ids = set(
        Substance.objects.filter(name_zh__icontains=text).values_list("pk", flat=True)[
            :PARTIAL_LIMIT
        ]
    )
    ids |= set(
        Substance.objects.filter(name_en__icontains=text).values_list("pk", flat=True)[
            :PARTIAL_LIMIT
        ]
    )
    ids |= set(
        SubstanceIdentifier.objects.filter(normalized__contains=normalise_text(text)).values_list(
            "substance_id", flat=True
        )[:PARTIAL_LIMIT]
    )
    return ids


def substructure_search(*, user, smarts: str, limit: int = 500) -> list[Substance]:
    """Substances whose structure contains the SMARTS pattern (StructureError when invalid)."""
    pattern = structure.compile_smarts(smarts)
    from rdkit import Chem

    found = []
    for substance in substance_list(user=user).exclude(canonical_smiles=""):
        mol = Chem.MolFromSmiles(substance.canonical_smiles)
        if mol is not None and mol.HasSubstructMatch(pattern):
            found.append(substance)
            if len(found) >= limit:
                break
    return found


def groups_of(substance: Substance) -> list[GroupMembership]:
    return list(substance.memberships.select_related("group").order_by("group__code", "basis"))


def entries_of(*, substance: Substance | None = None, group_codes: set[str] = frozenset()):
    """List entries naming the substance directly or through one of its groups."""
    conditions = Q(group__code__in=group_codes)
    if substance is not None:
        conditions |= Q(substances=substance)
    return (
        ListEntry.objects.filter(conditions)
        .select_related("regulatory_list", "group")
        .prefetch_related("measures__uses", "measures__limits")
        .distinct()
        .order_by("regulatory_list__code", "order")
    )


def _in_force_lists(on: dt.date) -> set[int]:
    """Lists whose measures apply on a date: a superseded list stops only when its successor
    has started (a successor whose start is unknown supersedes nothing)."""
    from .services import list_start

    ids = set()
    for reg in RegulatoryList.objects.select_related("superseded_by"):
        successor = reg.superseded_by
        start = list_start(successor) if successor else None
        if successor and start is not None and start <= on:
            continue
        ids.add(reg.pk)
    return ids


def to_rule_measure(measure: ControlMeasure) -> rules_engine.Measure:
    entry = measure.entry
    uses = list(measure.uses.all())

    def spec(use):
        return rules_engine.UseSpec(
            code=use.code, text_zh=use.text_zh, text_en=use.text_en, until=use.until
        )

    return rules_engine.Measure(
        key=measure.key,
        list_code=entry.regulatory_list.code,
        list_name_zh=entry.regulatory_list.name_zh,
        entry=entry.number,
        entry_name_zh=entry.name_zh,
        activity=measure.activity,
        kind=measure.kind,
        effective_from=measure.effective_from,
        effective_until=measure.effective_until,
        exemptions=tuple(spec(u) for u in uses if u.role == UseRole.EXEMPTION),
        banned_uses=tuple(spec(u) for u in uses if u.role == UseRole.BANNED),
        limits=tuple(
            rules_engine.Limit(
                value=lim.value,
                unit=lim.unit,
                basis=lim.basis,
                product=lim.product,
                standard=lim.standard,
            )
            for lim in measure.limits.all()
        ),
        source=measure.source,
        provisional=measure.provisional or not entry.confirmed,
        note_zh=measure.note_zh,
        note_en=measure.note_en,
    )


@dataclass
class RuleCheck:
    resolution: Resolution
    substance: Substance | None
    group_codes: list[str]
    decision: rules_engine.Decision | None


def rules_check(
    *,
    user,
    query: str,
    activity: str,
    on: dt.date,
    use: str | None = None,
    product: str | None = None,
) -> RuleCheck:
    """The decision for a substance (or a structure never seen before) and an activity.

    A new structure is classified by the group rules first, so that a salt or a related
    compound gets the measures of its group.
    """
    policy.require(user, "chemicals.check_rules")
    if activity not in rules_engine.ACTIVITIES:
        raise rules_engine.RuleError(
            "activity",
            activity,
            f"未知的活动“{activity}”；可选：{'、'.join(rules_engine.ACTIVITIES)}。",
            f"Unknown activity “{activity}”; choose one of {', '.join(rules_engine.ACTIVITIES)}.",
        )
    resolution = resolve(user=user, query=query)
    substance = resolution.substances[0] if resolution.status == "matched" else None
    if substance is not None:
        codes = {m.group.code for m in groups_of(substance)}
        parent_key = substance.parent_inchikey
        own_key = substance.inchikey
    elif resolution.structure is not None:
        from .services import classifier

        codes = {m.group_code for m in classifier().classify(resolution.structure.canonical_smiles)}
        parent_key = resolution.structure.parent_inchikey
        own_key = resolution.structure.inchikey
    else:
        return RuleCheck(resolution, None, [], None)
    parent = _parent_of(parent_key, own_key)
    if parent is not None:
        codes |= {m.group.code for m in groups_of(parent)}
    measures = _measures_for(substance, parent, codes, on)
    decision = rules_engine.evaluate(measures, activity=activity, on=on, use=use, product=product)
    return RuleCheck(resolution, substance, sorted(codes), decision)


def _parent_of(parent_key: str, own_key: str) -> Substance | None:
    """A salt (or hydrate) gets the measures of its parent acid or base as well."""
    if not parent_key:
        return None
    return Substance.objects.filter(inchikey=parent_key).exclude(inchikey=own_key).first()


def _measures_for(
    substance: Substance | None,
    parent: Substance | None,
    codes: set[str],
    on: dt.date,
    lists_in_force: set[int] | None = None,
) -> list[rules_engine.Measure]:
    if lists_in_force is None:
        lists_in_force = _in_force_lists(on)
    entries = {e.pk: e for e in entries_of(substance=substance, group_codes=codes)}
    if parent is not None:
        entries.update({e.pk: e for e in entries_of(substance=parent, group_codes=codes)})
    return [
        to_rule_measure(measure)
        for entry in entries.values()
        if entry.regulatory_list_id in lists_in_force
        for measure in entry.measures.all()
    ]


def measures_for(
    substance: Substance, *, on: dt.date, lists_in_force: set[int] | None = None
) -> list[rules_engine.Measure]:
    """The measures that reach a recorded substance on a date: its own entries, its groups'
    and, for a salt, its parent's. ``lists_in_force`` may be passed when deciding many."""
    codes = {m.group.code for m in groups_of(substance)}
    parent = _parent_of(substance.parent_inchikey, substance.inchikey)
    if parent is not None:
        codes |= {m.group.code for m in groups_of(parent)}
    return _measures_for(substance, parent, codes, on, lists_in_force)


class Decider:
    """The rule evaluator's decisions for many recorded substances on one date: the lists in
    force are read once, each substance's measures once, each (substance, activity, use)
    evaluated once."""

    def __init__(self, on: dt.date) -> None:
        self.on = on
        self._in_force = _in_force_lists(on)
        self._measures: dict[int, list[rules_engine.Measure]] = {}
        self._decided: dict[tuple, rules_engine.Decision] = {}

    def __call__(
        self, substance: Substance, activity: str, use: str | None = None
    ) -> rules_engine.Decision:
        key = (substance.pk, activity, use)
        if key not in self._decided:
            if substance.pk not in self._measures:
                self._measures[substance.pk] = measures_for(
                    substance, on=self.on, lists_in_force=self._in_force
                )
            self._decided[key] = rules_engine.evaluate(
                self._measures[substance.pk], activity=activity, on=self.on, use=use
            )
        return self._decided[key]


def substances_affected_by(entry: ListEntry) -> QuerySet[Substance]:
    """Every substance an entry reaches: named directly, or a member of its group."""
    condition = Q(list_entries=entry)
    if entry.group_id:
        condition |= Q(memberships__group_id=entry.group_id)
    return Substance.objects.filter(condition).distinct()


def substances_covered(target) -> set[int]:
    """The ids of the substances a list entry, group or substance covers, with the salts and
    other derivatives recorded with one of them as parent (by InChIKey)."""
    if isinstance(target, ListEntry):
        base = set(substances_affected_by(target).values_list("pk", flat=True))
    elif isinstance(target, SubstanceGroup):
        base = set(target.memberships.values_list("substance_id", flat=True))
    elif isinstance(target, Substance):
        base = {target.pk}
    else:
        raise TypeError(f"not a list entry, group or substance: {target!r}")
    keys = [
        k for k in Substance.objects.filter(pk__in=base).values_list("inchikey", flat=True) if k
    ]
    derived = Substance.objects.filter(parent_inchikey__in=keys).values_list("pk", flat=True)
    return base | set(derived)
