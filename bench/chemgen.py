"""Synthetic substances for benchmarks: a seeded generator of realistic structures and a bulk
loader.

``generate(n, seed)`` returns ``n`` records drawn from the structural families of the reference
set: PFAS homologues (perfluoroalkyl chains C2-C18 with carboxylic, sulfonic, sulfonyl
fluoride, sulfonamide, N-ethyl-N-(2-hydroxyethyl)sulfonamide, n:2 fluorotelomer alcohol and
sulfonic acid and phosphonic acid heads, and the Na/K/NH4 salts of the acids), chlorinated
alkanes C8-C20 with random chlorine positions, every PBDE and PCB congener, alkylphenols
(C4-C12, linear, secondary and random branched chains, ortho/meta/para), and substituted
aromatics and aliphatics (a scaffold list times a substituent list) filling up to ``n``.

Every structure parses, is unique by RDKit canonical SMILES and differs from every structure of
the reference set. Every record is marked synthetic in both names ("示例物质-000123（合成）...",
"Synthetic example 000123: ...") and has a valid CAS RN from the range 9000000-00-0 to
9999999-99-9, which no real registry number uses and the reference set does not touch. The same
``n`` and ``seed`` give the same records in any process (no set iteration, no hash order).

``load(records)`` writes Substance and SubstanceIdentifier rows (a CAS RN and a synonym per
substance) with ``bulk_create`` in batches, platform IDs continuing after the highest one in the
database. It bypasses the services layer (no validation, no audit entries, no group
memberships) and is meant for benchmark databases only.
"""

from __future__ import annotations

import multiprocessing
import os
import random
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from rdkit import Chem, rdBase

from npgov.core.reference import read_yaml
from npgov.science.identifiers import cas_check, cas_check_digit

__all__ = ["SOURCE", "generate", "identities", "load", "reference_cas", "reference_smiles"]

#: ``Substance.source`` of every loaded record.
SOURCE = "bench/chemgen.py (synthetic benchmark data)"

# One family entry: (SMILES as built, family, English description, Chinese description).
Entry = tuple[str, str, str, str]

_STEM = {
    1: "meth",
    2: "eth",
    3: "prop",
    4: "but",
    5: "pent",
    6: "hex",
    7: "hept",
    8: "oct",
    9: "non",
    10: "dec",
    11: "undec",
    12: "dodec",
    13: "tridec",
    14: "tetradec",
    15: "pentadec",
    16: "hexadec",
    17: "heptadec",
    18: "octadec",
    19: "nonadec",
    20: "icos",
}
_MULT = {
    1: "",
    2: "di",
    3: "tri",
    4: "tetra",
    5: "penta",
    6: "hexa",
    7: "hepta",
    8: "octa",
    9: "nona",
    10: "deca",
    11: "undeca",
    12: "dodeca",
    13: "trideca",
    14: "tetradeca",
    15: "pentadeca",
    16: "hexadeca",
    17: "heptadeca",
    18: "octadeca",
    19: "nonadeca",
    20: "icosa",
}
_MULT_COMPLEX = {1: "", 2: "bis", 3: "tris"}
_ZH_STEM = "甲乙丙丁戊己庚辛壬癸"
_ZH_DIGIT = "零一二三四五六七八九"


def _zh_number(k: int) -> str:
    """Chinese numeral for 1..99."""
    if k < 10:
        return _ZH_DIGIT[k]
    tens, units = divmod(k, 10)
    return ("" if tens == 1 else _ZH_DIGIT[tens]) + "十" + (_ZH_DIGIT[units] if units else "")


def _zh_stem(c: int) -> str:
    """Chinese stem of a carbon count: 甲 ... 癸, then 十一, 十二, ..."""
    return _ZH_STEM[c - 1] if c <= 10 else _zh_number(c)


def _zh_alkyl(c: int) -> str:
    return _zh_stem(c) + ("基" if c <= 10 else "烷基")


def _zh_mult(k: int) -> str:
    return "" if k == 1 else _zh_number(k)


def _canonical(smiles: str) -> str | None:
    with rdBase.BlockLogs():
        mol = Chem.MolFromSmiles(smiles)
    return Chem.MolToSmiles(mol) if mol is not None and mol.GetNumAtoms() else None


def reference_smiles() -> list[str]:
    """Canonical SMILES of the reference substances (``reference/chemicals/substances.yaml``)."""
    rows = read_yaml("chemicals/substances.yaml")["substances"]
    found = (_canonical(row["smiles"]) for row in rows if row.get("smiles"))
    return [smiles for smiles in found if smiles]


def reference_cas() -> list[str]:
    """CAS RNs of the reference substances."""
    rows = read_yaml("chemicals/substances.yaml")["substances"]
    return [cas for row in rows for cas in row.get("cas") or []]


# ---------------------------------------------------------------------------------------------
# Families
# ---------------------------------------------------------------------------------------------

_CATIONS = (("[Na+]", "sodium", "钠"), ("[K+]", "potassium", "钾"), ("[NH4+]", "ammonium", "铵"))


def _pfas() -> list[Entry]:
    """Perfluoroalkyl CnF2n+1 (n = 2..18) with eight heads; the acids also as Na, K, NH4 salts."""
    out: list[Entry] = []
    for n in range(2, 19):
        chain = "C(F)(F)" * (n - 1) + "C(F)(F)F"
        s, z = _STEM[n], _zh_stem(n)
        m = n + 1  # carbons of the carboxylic acid
        sm, zm = _STEM.get(m, ""), _zh_stem(m)
        # (acid head, anion head or None, English acid, English anion, Chinese acid)
        heads: list[tuple[str, str | None, str, str, str]] = [
            (
                "OC(=O)",
                "[O-]C(=O)",
                f"perfluoro{sm}anoic acid",
                f"perfluoro{sm}anoate",
                f"全氟{zm}酸",
            ),
            (
                "OS(=O)(=O)",
                "[O-]S(=O)(=O)",
                f"perfluoro{s}anesulfonic acid",
                f"perfluoro{s}anesulfonate",
                f"全氟{z}烷磺酸",
            ),
            ("FS(=O)(=O)", None, f"perfluoro{s}anesulfonyl fluoride", "", f"全氟{z}烷磺酰氟"),
            ("NS(=O)(=O)", None, f"perfluoro{s}anesulfonamide", "", f"全氟{z}烷磺酰胺"),
            (
                "OCCN(CC)S(=O)(=O)",
                None,
                f"N-ethyl-N-(2-hydroxyethyl)perfluoro{s}anesulfonamide",
                "",
                f"N-乙基-N-(2-羟乙基)全氟{z}烷磺酰胺",
            ),
            ("OCC", None, f"{n}:2 fluorotelomer alcohol", "", f"{n}:2 氟调聚醇"),
            (
                "OS(=O)(=O)CC",
                "[O-]S(=O)(=O)CC",
                f"{n}:2 fluorotelomer sulfonic acid",
                f"{n}:2 fluorotelomer sulfonate",
                f"{n}:2 氟调聚磺酸",
            ),
            (
                "OP(=O)(O)",
                "[O-]P(=O)(O)",
                f"perfluoro{s}ylphosphonic acid",
                f"perfluoro{s}ylphosphonate",
                f"全氟{z}基膦酸",
            ),
        ]
        for acid, anion, en, en_anion, zh in heads:
            out.append((acid + chain, "pfas", en, zh))
            if anion is None:
                continue
            for cation, cation_en, cation_zh in _CATIONS:
                out.append(
                    (f"{cation}.{anion}{chain}", "pfas", f"{cation_en} {en_anion}", zh + cation_zh)
                )
    return out


def _locants(positions: Sequence[int], length: int) -> list[int]:
    """Lowest locants of substituent positions (1-based) on a chain numbered from either end."""
    forward = sorted(positions)
    backward = sorted(length + 1 - p for p in positions)
    return min(forward, backward)


def _chloroalkane(rng: random.Random) -> Entry:
    """A linear C8-C20 alkane with c/4 to 4c/5 chlorines at random positions (at most two per
    CH2, three per CH3), i.e. about 30 to 70 % chlorine by mass as in chlorinated paraffins."""
    c = rng.randint(8, 20)
    slots = [i for i in range(c) for _ in range(3 if i in (0, c - 1) else 2)]
    k = rng.randint(max(1, c // 4), max(1, 4 * c // 5))
    counts = Counter(rng.sample(slots, k))
    smiles = "".join("C" + "(Cl)" * counts[i] for i in range(c))
    loc = ",".join(map(str, _locants([i + 1 for i in counts.elements()], c)))
    en = f"{loc}-{_MULT[k]}chloro{_STEM[c]}ane"
    zh = f"{loc}-{_zh_mult(k)}氯{_zh_stem(c)}烷"
    return smiles, "chlorinated_alkane", en, zh


def _aryl(subs: Sequence[bool], x: str, label: int, inner: str = "") -> str:
    """A benzene ring written from its ipso atom; ``subs`` are positions 2-6."""
    ipso = f"c{label}" + (f"({inner})" if inner else "")
    middle = "".join(f"c({x})" if s else "c" for s in subs[:4])
    return ipso + middle + f"c{label}" + (f"({x})" if subs[4] else "")


def _ring_locants(a: Sequence[bool], b: Sequence[bool]) -> str:
    """Lowest locants (2 < 2' < 3 < ...) over the symmetries of a biphenyl-like skeleton."""

    def flip(ring: Sequence[bool]) -> list[bool]:
        return list(reversed(ring))

    variants = []
    for first, second in ((a, b), (b, a)):
        for x in (first, flip(first)):
            for y in (second, flip(second)):
                variants.append(
                    sorted(
                        [(i + 2, 0) for i, s in enumerate(x) if s]
                        + [(i + 2, 1) for i, s in enumerate(y) if s]
                    )
                )
    best = min(variants)
    return ",".join(f"{pos}{chr(39) * prime}" for pos, prime in best)


def _congeners(halogen: str, link: str, family: str, name_en: str, name_zh: str) -> list[Entry]:
    """Every substitution pattern of ``halogen`` on the ten ring positions (deduplicated later)."""
    x_en = {"Cl": "chloro", "Br": "bromo"}[halogen]
    x_zh = {"Cl": "氯", "Br": "溴"}[halogen]
    out: list[Entry] = []
    for mask in range(1, 1 << 10):
        bits = [bool(mask >> i & 1) for i in range(10)]
        a, b = bits[:5], bits[5:]
        k = sum(bits)
        smiles = _aryl(a, halogen, 1, inner=link + _aryl(b, halogen, 2))
        loc = _ring_locants(a, b)
        out.append(
            (
                smiles,
                family,
                f"{loc}-{_MULT[k]}{x_en}{name_en}",
                f"{loc}-{_zh_mult(k)}{x_zh}{name_zh}",
            )
        )
    return out


_PHENOL_AT = {2: "Oc1ccccc1{}", 3: "Oc1cccc({})c1", 4: "Oc1ccc({})cc1"}


def _alkylphenols() -> list[Entry]:
    """Linear and secondary C4-C12 alkylphenols, attached at chain carbon 1..c/2, o/m/p."""
    out: list[Entry] = []
    for c in range(4, 13):
        for k in range(1, (c + 1) // 2 + 1):
            alkyl = "C" * c if k == 1 else f"C({'C' * (k - 1)}){'C' * (c - k)}"
            for pos, template in _PHENOL_AT.items():
                if k == 1:
                    en, zh = f"{pos}-{_STEM[c]}ylphenol", f"{pos}-{_zh_alkyl(c)}苯酚"
                else:
                    en = f"{pos}-({_STEM[c]}an-{k}-yl)phenol"
                    zh = f"{pos}-({_zh_stem(c)}烷-{k}-基)苯酚"
                out.append((template.format(alkyl), "alkylphenol", en, zh))
    return out


def _branched_alkylphenol(rng: random.Random) -> Entry:
    """A phenol with one random branched C4-C12 alkyl group (technical alkylphenol isomers)."""
    c = rng.randint(4, 12)
    pos = rng.choice((2, 3, 4))
    mol = Chem.RWMol(Chem.MolFromSmiles("Oc1ccccc1"))
    ring_atom = {2: 2, 3: 3, 4: 4}[pos]
    degree = [1]  # the first alkyl carbon is bonded to the ring
    first = mol.AddAtom(Chem.Atom(6))
    mol.AddBond(ring_atom, first, Chem.BondType.SINGLE)
    atoms = [first]
    for _ in range(c - 1):
        choices = [i for i, d in enumerate(degree) if d < 4]
        parent = rng.choice(choices)
        new = mol.AddAtom(Chem.Atom(6))
        mol.AddBond(atoms[parent], new, Chem.BondType.SINGLE)
        degree[parent] += 1
        degree.append(1)
        atoms.append(new)
    Chem.SanitizeMol(mol)
    en = f"{pos}-(branched {_STEM[c]}yl)phenol"
    zh = f"{pos}-(支链{_zh_alkyl(c)})苯酚"
    return Chem.MolToSmiles(mol), "alkylphenol", en, zh


# Scaffolds (SMILES, English, Chinese); substituents replace H on carbon atoms.
_SCAFFOLDS: tuple[tuple[str, str, str], ...] = (
    ("c1ccccc1", "benzene", "苯"),
    ("c1ccc2ccccc2c1", "naphthalene", "萘"),
    ("c1ccncc1", "pyridine", "吡啶"),
    ("c1cncnc1", "pyrimidine", "嘧啶"),
    ("c1ccsc1", "thiophene", "噻吩"),
    ("c1ccoc1", "furan", "呋喃"),
    ("c1ccc(-c2ccccc2)cc1", "biphenyl", "联苯"),
    ("c1ccc(Oc2ccccc2)cc1", "diphenyl ether", "二苯醚"),
    ("c1ccc(Cc2ccccc2)cc1", "diphenylmethane", "二苯甲烷"),
    ("C1CCCCC1", "cyclohexane", "环己烷"),
    ("C1CCCC1", "cyclopentane", "环戊烷"),
    ("C1=CCCCC1", "cyclohexene", "环己烯"),
    ("CCCCCC", "hexane", "己烷"),
    ("CCCCCCCC", "octane", "辛烷"),
    ("CCCCCCCCCC", "decane", "癸烷"),
    ("c1ccc2[nH]ccc2c1", "indole", "吲哚"),
    ("c1ccc2ncccc2c1", "quinoline", "喹啉"),
    ("c1ccc2occc2c1", "benzofuran", "苯并呋喃"),
    ("c1ccc2sccc2c1", "benzothiophene", "苯并噻吩"),
    ("c1ccc2cc3ccccc3cc2c1", "anthracene", "蒽"),
    ("c1ccc2c(c1)ccc1ccccc12", "phenanthrene", "菲"),
    ("C1C2CC3CC1CC(C2)C3", "adamantane", "金刚烷"),
    ("C1CCNCC1", "piperidine", "哌啶"),
    ("C1COCCN1", "morpholine", "吗啉"),
    ("C1CCOC1", "tetrahydrofuran", "四氢呋喃"),
    ("CC(=O)c1ccccc1", "acetophenone", "苯乙酮"),
    ("c1ccc(Nc2ccccc2)cc1", "diphenylamine", "二苯胺"),
    ("O=C(c1ccccc1)c1ccccc1", "benzophenone", "二苯甲酮"),
    ("CC(C)(c1ccc(O)cc1)c1ccc(O)cc1", "bisphenol A", "双酚A"),
    ("O=P(Oc1ccccc1)(Oc1ccccc1)Oc1ccccc1", "triphenyl phosphate", "磷酸三苯酯"),
    ("COC(=O)c1ccccc1C(=O)OC", "dimethyl phthalate", "邻苯二甲酸二甲酯"),
    ("O=C(O)c1ccccc1", "benzoic acid", "苯甲酸"),
    ("Nc1ccccc1", "aniline", "苯胺"),
    ("Oc1ccccc1", "phenol", "苯酚"),
    ("c1ccc2c(c1)Oc1ccccc1O2", "dibenzo-p-dioxin", "二苯并对二噁英"),
    ("c1ccc2c(c1)oc1ccccc12", "dibenzofuran", "二苯并呋喃"),
    ("O=C(N)c1ccccc1", "benzamide", "苯甲酰胺"),
    ("CN1CCCC1=O", "N-methylpyrrolidone", "N-甲基吡咯烷酮"),
)
# (SMILES with the attachment atom first, English prefix, Chinese prefix, complex prefix?)
_SUBSTITUENTS: tuple[tuple[str, str, str, bool], ...] = (
    ("F", "fluoro", "氟", False),
    ("Cl", "chloro", "氯", False),
    ("Br", "bromo", "溴", False),
    ("I", "iodo", "碘", False),
    ("C", "methyl", "甲基", False),
    ("CC", "ethyl", "乙基", False),
    ("CCC", "propyl", "丙基", False),
    ("C(C)C", "isopropyl", "异丙基", False),
    ("CCCC", "butyl", "丁基", False),
    ("C(C)(C)C", "(tert-butyl)", "叔丁基", True),
    ("O", "hydroxy", "羟基", False),
    ("OC", "methoxy", "甲氧基", False),
    ("OCC", "ethoxy", "乙氧基", False),
    ("N", "amino", "氨基", False),
    ("N(C)C", "(dimethylamino)", "二甲氨基", True),
    ("[N+](=O)[O-]", "nitro", "硝基", False),
    ("C(=O)O", "carboxy", "羧基", False),
    ("C#N", "cyano", "氰基", False),
    ("C(F)(F)F", "(trifluoromethyl)", "(三氟甲基)", True),
    ("OC(F)(F)F", "(trifluoromethoxy)", "(三氟甲氧基)", True),
    ("S(=O)(=O)O", "sulfo", "磺酸基", False),
    ("C(C)=O", "acetyl", "乙酰基", False),
    ("OC(C)=O", "acetoxy", "乙酰氧基", False),
    ("NC(C)=O", "acetamido", "乙酰氨基", False),
    ("C(=O)OC", "(methoxycarbonyl)", "(甲氧羰基)", True),
    ("C(N)=O", "carbamoyl", "氨甲酰基", False),
    ("S", "sulfanyl", "巯基", False),
    ("SC", "(methylsulfanyl)", "(甲硫基)", True),
    ("C=C", "ethenyl", "乙烯基", False),
    ("c1ccccc1", "phenyl", "苯基", False),
    ("OCCO", "(2-hydroxyethoxy)", "(2-羟乙氧基)", True),
)


class _Substituted:
    """Random substitution of carbon H atoms of the scaffolds."""

    def __init__(self) -> None:
        self.scaffolds = []
        for smiles, en, zh in _SCAFFOLDS:
            mol = Chem.MolFromSmiles(smiles)
            sites = [
                atom.GetIdx()
                for atom in mol.GetAtoms()
                if atom.GetSymbol() == "C" and atom.GetTotalNumHs() > 0
            ]
            self.scaffolds.append((mol, sites, en, zh))
        self.substituents = [
            (Chem.MolFromSmiles(smiles), en, zh, complex_)
            for smiles, en, zh, complex_ in _SUBSTITUENTS
        ]

    def __call__(self, rng: random.Random) -> Entry:
        scaffold, sites, scaffold_en, scaffold_zh = rng.choice(self.scaffolds)
        k = min(len(sites), rng.choices((1, 2, 3), weights=(45, 35, 20))[0])
        chosen = [(site, rng.randrange(len(self.substituents))) for site in rng.sample(sites, k)]
        mol = Chem.RWMol(scaffold)
        for site, index in chosen:
            offset = mol.GetNumAtoms()
            mol.InsertMol(self.substituents[index][0])
            mol.AddBond(site, offset, Chem.BondType.SINGLE)
        with rdBase.BlockLogs():
            Chem.SanitizeMol(mol)
        counts = Counter(index for _, index in chosen)
        parts = sorted(counts.items(), key=lambda item: self.substituents[item[0]][1].strip("("))
        en = zh = ""
        for index, count in parts:
            _, prefix_en, prefix_zh, complex_ = self.substituents[index]
            en += (_MULT_COMPLEX if complex_ else _MULT)[count] + prefix_en
            zh += _zh_mult(count) + prefix_zh
        return Chem.MolToSmiles(mol), "substituted", en + scaffold_en, zh + scaffold_zh


# ---------------------------------------------------------------------------------------------
# Generator
# ---------------------------------------------------------------------------------------------

_CAS_STEP = 7_654_321  # coprime with 10**8: serial -> body is a permutation of the range


def _cas_numbers(count: int, offset: int, taken: set[str]) -> list[str]:
    out = []
    for serial in range(1, count + 1):
        body = 900_000_000 + (_CAS_STEP * serial + offset) % 100_000_000
        first, second = divmod(body, 100)
        cas = f"{first}-{second:02d}-{cas_check_digit(f'{first}{second:02d}')}"
        if cas in taken or not cas_check(cas).valid:  # cannot happen; cheap insurance
            raise RuntimeError(f"generated CAS RN {cas} is invalid or taken")
        out.append(cas)
    return out


def generate(n: int, seed: int = 1) -> list[dict[str, Any]]:
    """Generate ``n`` synthetic substances with structures, deterministically from ``seed``.

    Returns a list of dicts with ``serial`` (1..n), ``cas``, ``name_zh``, ``name_en``,
    ``synonym`` (the descriptive English part), ``smiles`` (RDKit canonical), ``family``
    (pfas, chlorinated_alkane, pbde, pcb, alkylphenol, substituted), in a shuffled order.
    """
    if n < 1:
        raise ValueError("n must be positive")
    rng = random.Random(seed)
    excluded = set(reference_smiles())
    pool: dict[str, Entry] = {}

    def add(entry: Entry) -> bool:
        canonical = _canonical(entry[0])
        if canonical is None:
            raise RuntimeError(f"generated SMILES does not parse: {entry[0]}")
        if canonical in excluded or canonical in pool:
            return False
        pool[canonical] = (canonical, *entry[1:])
        return True

    for entry in _pfas():
        add(entry)
    for entry in _congeners("Br", "O", "pbde", "diphenyl ether", "二苯醚"):
        add(entry)
    for entry in _congeners("Cl", "-", "pcb", "biphenyl", "联苯"):
        add(entry)
    for entry in _alkylphenols():
        add(entry)

    def fill(make: Callable[[random.Random], Entry], target: int) -> None:
        added, attempts = 0, 0
        while added < target:
            attempts += 1
            if attempts > 50 * target + 1000:
                raise RuntimeError(f"cannot find {target} new structures with {make}")
            added += add(make(rng))

    fill(_branched_alkylphenol, round(0.01 * n))
    fill(_chloroalkane, round(0.2 * n))
    fill(_Substituted(), max(0, n - len(pool)))
    entries = list(pool.values())
    chosen = rng.sample(entries, n) if len(entries) > n else entries
    rng.shuffle(chosen)
    cas_numbers = _cas_numbers(n, rng.randrange(100_000_000), set(reference_cas()))
    records = []
    for serial, ((smiles, family, en, zh), cas) in enumerate(
        zip(chosen, cas_numbers, strict=True), start=1
    ):
        records.append(
            {
                "serial": serial,
                "cas": cas,
                "name_zh": f"示例物质-{serial:06d}（合成）{zh}",
                "name_en": f"Synthetic example {serial:06d}: {en}",
                "synonym": en,
                "smiles": smiles,
                "family": family,
            }
        )
    return records


# ---------------------------------------------------------------------------------------------
# Bulk loader
# ---------------------------------------------------------------------------------------------


def _identity_row(smiles: str) -> tuple[str, str, str, str, str, str, float]:
    """The identity fields ``structure.identify`` gives (module level, for worker processes)."""
    from npgov.science import structure

    ident = structure.identify(smiles)
    return (
        ident.smiles,
        ident.canonical_smiles,
        ident.inchi,
        ident.inchikey,
        ident.parent_inchikey,
        ident.formula,
        round(ident.monoisotopic_mass, 6),
    )


def identities(smiles: Sequence[str], workers: int | None = None) -> list[tuple]:
    """``_identity_row`` for every SMILES, in parallel worker processes when ``workers`` > 1."""
    workers = workers or os.cpu_count() or 1
    if workers <= 1 or len(smiles) < 2000:
        return [_identity_row(s) for s in smiles]
    from django.db import connections

    connections.close_all()  # no database socket is shared with forked workers
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        return list(pool.imap(_identity_row, smiles, chunksize=500))


def load(
    records: Sequence[dict[str, Any]], *, batch_size: int = 2000, workers: int | None = None
) -> list[dict[str, Any]]:
    """Insert the records as Substance and SubstanceIdentifier rows (benchmarks only).

    Each substance gets its CAS RN and its descriptive English name as a synonym. A record
    whose InChIKey is already present is skipped (the unique-structure constraint); the
    loaded records are returned with ``platform_id`` and ``inchikey`` added.
    """
    from django.db import transaction
    from django.db.models import Max

    from npgov.chemicals.choices import IdentifierKind, SubstanceKind
    from npgov.chemicals.identity import normalise_text, platform_id
    from npgov.chemicals.models import Substance, SubstanceIdentifier

    rows = identities([r["smiles"] for r in records], workers)
    seen = set(Substance.objects.exclude(inchikey="").values_list("inchikey", flat=True))
    top = Substance.objects.aggregate(top=Max("platform_id"))["top"]
    number = int(top[4:]) + 1 if top else 1
    loaded: list[dict[str, Any]] = []
    for start in range(0, len(records), batch_size):
        substances, batch = [], []
        for record, row in zip(
            records[start : start + batch_size], rows[start : start + batch_size], strict=True
        ):
            smiles, canonical, inchi, inchikey, parent, formula, mass = row
            if inchikey in seen:
                continue
            seen.add(inchikey)
            pid = platform_id(number)
            number += 1
            substances.append(
                Substance(
                    platform_id=pid,
                    name_zh=record["name_zh"],
                    name_en=record["name_en"],
                    kind=SubstanceKind.DEFINED,
                    smiles=smiles,
                    canonical_smiles=canonical,
                    inchi=inchi,
                    inchikey=inchikey,
                    parent_inchikey=parent,
                    formula=formula,
                    monoisotopic_mass=mass,
                    source=SOURCE,
                )
            )
            batch.append({**record, "platform_id": pid, "inchikey": inchikey})
        with transaction.atomic():
            created = Substance.objects.bulk_create(substances)
            identifiers = []
            for substance, record in zip(created, batch, strict=True):
                identifiers.append(
                    SubstanceIdentifier(
                        substance=substance,
                        kind=IdentifierKind.CAS,
                        value=record["cas"],
                        normalized=record["cas"],
                        source=SOURCE,
                    )
                )
                identifiers.append(
                    SubstanceIdentifier(
                        substance=substance,
                        kind=IdentifierKind.SYNONYM,
                        value=record["synonym"],
                        normalized=normalise_text(record["synonym"]),
                        source=SOURCE,
                    )
                )
            SubstanceIdentifier.objects.bulk_create(identifiers)
        loaded.extend(batch)
    return loaded
