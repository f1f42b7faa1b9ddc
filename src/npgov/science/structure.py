"""Chemical structures with RDKit: identity and depiction of a SMILES string, SMARTS matching, and
classification of molecules into the regulated substance groups of the new-pollutant list.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from rdkit import Chem, DataStructs, rdBase
from rdkit.Chem import rdMolDescriptors
from rdkit.Chem.Draw import rdMolDraw2D
from rdkit.Chem.MolStandardize import rdMolStandardize

__all__ = [
    "ERROR_CODES",
    "CompositionRule",
    "GroupClassifier",
    "GroupRule",
    "RuleMatch",
    "StructureError",
    "StructureIdentity",
    "compile_smarts",
    "depict_svg",
    "groups_from_data",
    "has_substructure",
    "identify",
    "naive_classify",
    "rules_from_data",
]

#: Machine codes carried by :class:`StructureError`.
ERROR_CODES: tuple[str, ...] = ("empty", "unparsable", "sanitisation", "smarts", "no_structure")

# Longest rendering of a user-supplied value inside a reason sentence.
_MAX_SHOWN = 40

# Standard atomic weight of hydrogen (IUPAC 2021 conventional value), for implicit hydrogens.
_H_MASS = 1.008

_GROUP_KEYS = frozenset({"code", "name_zh", "name_en", "description_en", "source", "rules"})
_RULE_KEYS = frozenset(
    {"code", "description_en", "any_of", "all_of", "none_of", "composition", "provisional"}
)
_COMPOSITION_KEYS = frozenset(
    {"formula", "elements", "counts", "mass_fraction_min", "acyclic", "saturated"}
)


def _shown(value: str) -> str:
    """Shorten a user-supplied value for display inside a reason sentence."""
    return value if len(value) <= _MAX_SHOWN else value[: _MAX_SHOWN - 1] + "…"


class StructureError(ValueError):
    """A SMILES or SMARTS string that cannot be turned into a usable structure.

    Parameters
    ----------
    code : str
        One of :data:`ERROR_CODES`: ``"empty"`` (blank input), ``"unparsable"`` (not SMILES
        syntax), ``"sanitisation"`` (parsed, but RDKit rejects the chemistry, e.g. a
        pentavalent carbon or an aromatic ring that cannot be kekulized), ``"smarts"`` (an
        invalid SMARTS pattern) or ``"no_structure"`` (no atoms, or nothing InChI can
        represent).
    value : str
        The offending input.
    reason_zh, reason_en : str
        Complete sentences in Chinese and English for the user.

    References
    ----------
    .. [1] RDKit documentation, "Molecular Sanitization",
       https://www.rdkit.org/docs/RDKit_Book.html#molecular-sanitization
    """

    def __init__(self, code: str, value: str, reason_zh: str, reason_en: str) -> None:
        if code not in ERROR_CODES:
            raise ValueError(f"unknown structure error code {code!r}")
        super().__init__(reason_en)
        self.code = code
        self.value = value
        self.reason_zh = reason_zh
        self.reason_en = reason_en


@dataclass(frozen=True)
class StructureIdentity:
    """Identifiers and basic properties of one structure given as SMILES.

    Attributes
    ----------
    smiles : str
        The input as given (stripped).
    canonical_smiles : str
        RDKit canonical isomeric SMILES of the sanitised molecule.
    inchi, inchikey : str
        Standard InChI and InChIKey.
    formula : str
        Hill formula as written by RDKit (a net charge is appended as ``+``/``-``).
    monoisotopic_mass : float
        Monoisotopic mass in Da.
    charge : int
        Net formal charge.
    parent_inchikey : str
        InChIKey of the charge parent: the largest organic fragment, neutralised.
    normalised_smiles : str
        Canonical SMILES after RDKit's functional-group normalisation.

    References
    ----------
    .. [1] S. R. Heller et al., "InChI, the IUPAC International Chemical Identifier",
       J. Cheminform. 7, 23 (2015), doi:10.1186/s13321-015-0068-4.
    .. [2] RDKit ``rdMolStandardize`` (MolVS port): ``ChargeParent`` and ``Normalize``,
       https://www.rdkit.org/docs/source/rdkit.Chem.MolStandardize.rdMolStandardize.html
    """

    smiles: str
    canonical_smiles: str
    inchi: str
    inchikey: str
    formula: str
    monoisotopic_mass: float
    charge: int
    parent_inchikey: str
    normalised_smiles: str

    @property
    def changed_by_normalisation(self) -> bool:
        """Whether normalisation rewrote the structure (e.g. a sulfoxide's S=O).

        Returns
        -------
        bool
            ``True`` when :attr:`normalised_smiles` differs from :attr:`canonical_smiles`.

        References
        ----------
        .. [1] RDKit ``rdMolStandardize.Normalize``, default transformation list.
        """
        return self.normalised_smiles != self.canonical_smiles


def _parse(smiles: str) -> tuple[str, Chem.Mol]:
    """Parse and sanitise a SMILES string, raising :class:`StructureError` on failure."""
    if not isinstance(smiles, str):
        raise TypeError(f"SMILES must be a string, not {type(smiles).__name__}")
    text = smiles.strip()
    if not text:
        raise StructureError(
            "empty",
            text,
            "未填写结构（SMILES 为空）。",
            "No structure given (the SMILES is empty).",
        )
    if any(char.isspace() for char in text):
        raise StructureError(
            "unparsable",
            text,
            f"SMILES “{_shown(text)}”中含有空白字符；请只填写一个结构，不要附加名称。",
            f"The SMILES '{_shown(text)}' contains whitespace; give a single structure "
            "without a name.",
        )
    # The standard parser sanitises, removes explicit hydrogens and perceives stereochemistry
    # from /, \ and @ marks; its molecule is the one used. Only when it fails is the string parsed
    # again without sanitisation and sanitised separately, to tell a syntax error from a
    # chemistry error and to obtain RDKit's own message for the latter.
    with rdBase.BlockLogs():
        mol = Chem.MolFromSmiles(text)
    if mol is not None and mol.GetNumAtoms() > 0:
        return text, mol
    with rdBase.BlockLogs():
        raw = Chem.MolFromSmiles(text, sanitize=False)
    if raw is None:
        raise StructureError(
            "unparsable",
            text,
            f"“{_shown(text)}”不是有效的 SMILES 写法。",
            f"'{_shown(text)}' is not valid SMILES syntax.",
        )
    if raw.GetNumAtoms() == 0:
        raise StructureError(
            "no_structure",
            text,
            f"SMILES “{_shown(text)}”中没有任何原子。",
            f"The SMILES '{_shown(text)}' contains no atoms.",
        )
    message = "the structure was rejected after sanitisation"
    try:
        with rdBase.BlockLogs():
            Chem.SanitizeMol(raw)
    except Exception as exc:  # MolSanitizeException subclasses, rarely RuntimeError
        message = str(exc).strip() or type(exc).__name__
    raise StructureError(
        "sanitisation",
        text,
        f"SMILES “{_shown(text)}”可以解析，但化学结构不合理（RDKit：{message}）。",
        f"The SMILES '{_shown(text)}' parses but its chemistry is rejected (RDKit: {message}).",
    )


def identify(smiles: str) -> StructureIdentity:
    """Compute identifiers and basic properties of a structure given as SMILES.

    A string the standard parser rejects is parsed again without sanitisation and sanitised
    separately, so that RDKit's own message (valence, kekulization) reaches the user instead
    of a bare failure. RDKit's log output is suppressed while parsing.

    Parameters
    ----------
    smiles : str
        One structure in SMILES; salts and mixtures as dot-separated components.

    Returns
    -------
    StructureIdentity

    Raises
    ------
    StructureError
        ``"empty"``, ``"unparsable"``, ``"sanitisation"`` or ``"no_structure"``.
    TypeError
        If ``smiles`` is not a string.

    References
    ----------
    .. [1] OpenSMILES specification, http://opensmiles.org/opensmiles.html
    .. [2] S. R. Heller et al., "InChI, the IUPAC International Chemical Identifier",
       J. Cheminform. 7, 23 (2015), doi:10.1186/s13321-015-0068-4.
    .. [3] RDKit ``rdMolStandardize``: ``ChargeParent`` and ``Normalize``.

    Examples
    --------
    >>> identify("OC(=O)C(F)(F)F").inchikey
    'DTQVDTLACAAQTR-UHFFFAOYSA-N'
    """
    text, mol = _parse(smiles)
    try:
        with rdBase.BlockLogs():
            inchi = Chem.MolToInchi(mol)
            inchikey = Chem.InchiToInchiKey(inchi) if inchi else ""
            parent = rdMolStandardize.ChargeParent(mol)
            parent_inchi = Chem.MolToInchi(parent)
            parent_inchikey = Chem.InchiToInchiKey(parent_inchi) if parent_inchi else ""
            normalised = Chem.MolToSmiles(rdMolStandardize.Normalize(mol))
    except Exception as exc:  # RDKit raises RuntimeError/ValueError from InChI or standardiser
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise StructureError(
            "sanitisation",
            text,
            f"SMILES “{_shown(text)}”无法标准化（RDKit：{message}）。",
            f"The SMILES '{_shown(text)}' cannot be standardised (RDKit: {message}).",
        ) from exc
    if not inchikey or not parent_inchikey:
        raise StructureError(
            "no_structure",
            text,
            f"SMILES “{_shown(text)}”无法生成 InChI（例如含有通配原子 *）。",
            f"No InChI can be generated for the SMILES '{_shown(text)}' "
            "(for example, it contains wildcard atoms).",
        )
    return StructureIdentity(
        smiles=text,
        canonical_smiles=Chem.MolToSmiles(mol),
        inchi=inchi,
        inchikey=inchikey,
        formula=rdMolDescriptors.CalcMolFormula(mol),
        monoisotopic_mass=rdMolDescriptors.CalcExactMolWt(mol),
        charge=Chem.GetFormalCharge(mol),
        parent_inchikey=parent_inchikey,
        normalised_smiles=normalised,
    )


def depict_svg(smiles: str, *, width: int = 300, height: int = 220) -> str:
    """Draw a structure as an SVG fragment suitable for inlining in HTML.

    Parameters
    ----------
    smiles : str
        The structure.
    width, height : int
        Canvas size in pixels.

    Returns
    -------
    str
        The ``<svg>`` element, without the XML declaration line.

    Raises
    ------
    StructureError
        As for :func:`identify` (except ``"no_structure"`` for wildcard atoms, which draw).
    ValueError
        If ``width`` or ``height`` is not positive.

    References
    ----------
    .. [1] RDKit ``rdMolDraw2D.MolDraw2DSVG``,
       https://www.rdkit.org/docs/source/rdkit.Chem.Draw.rdMolDraw2D.html
    """
    if width <= 0 or height <= 0:
        raise ValueError(f"canvas size must be positive, got {width}x{height}")
    text, mol = _parse(smiles)
    drawer = rdMolDraw2D.MolDraw2DSVG(width, height)
    try:
        with rdBase.BlockLogs():
            rdMolDraw2D.PrepareAndDrawMolecule(drawer, mol)
    except Exception as exc:  # drawing preparation kekulizes and may fail
        message = str(exc).strip() or type(exc).__name__
        raise StructureError(
            "sanitisation",
            text,
            f"SMILES “{_shown(text)}”无法绘制（RDKit：{message}）。",
            f"The SMILES '{_shown(text)}' cannot be drawn (RDKit: {message}).",
        ) from exc
    drawer.FinishDrawing()
    svg = drawer.GetDrawingText()
    start = svg.find("<svg")
    return svg[start:] if start >= 0 else svg


def compile_smarts(smarts: str) -> Chem.Mol:
    """Compile a SMARTS pattern into an RDKit query molecule.

    Parameters
    ----------
    smarts : str
        The pattern.

    Returns
    -------
    rdkit.Chem.Mol
        The query molecule.

    Raises
    ------
    StructureError
        Code ``"smarts"`` when the pattern is blank, contains whitespace or does not parse.
    TypeError
        If ``smarts`` is not a string.

    References
    ----------
    .. [1] Daylight Chemical Information Systems, "SMARTS — A Language for Describing
       Molecular Patterns", https://www.daylight.com/dayhtml/doc/theory/theory.smarts.html
    """
    if not isinstance(smarts, str):
        raise TypeError(f"SMARTS must be a string, not {type(smarts).__name__}")
    text = smarts.strip()
    query = None
    if text and not any(char.isspace() for char in text):
        with rdBase.BlockLogs():
            query = Chem.MolFromSmarts(text)
    if query is None or query.GetNumAtoms() == 0:
        raise StructureError(
            "smarts",
            text,
            f"“{_shown(text)}”不是有效的 SMARTS 子结构式。",
            f"'{_shown(text)}' is not a valid SMARTS pattern.",
        )
    query.UpdatePropertyCache(strict=False)
    return query


def has_substructure(smiles: str, smarts: str) -> bool:
    """Tell whether a structure contains a SMARTS pattern.

    Parameters
    ----------
    smiles : str
        The structure.
    smarts : str
        The pattern.

    Returns
    -------
    bool

    Raises
    ------
    StructureError
        For an unusable SMILES (see :func:`identify`) or SMARTS (code ``"smarts"``).

    References
    ----------
    .. [1] Daylight, "SMARTS — A Language for Describing Molecular Patterns".

    Examples
    --------
    >>> has_substructure("OC(=O)C(F)(F)F", "C(=O)[OX2H1]")
    True
    """
    _, mol = _parse(smiles)
    return mol.HasSubstructMatch(compile_smarts(smarts))


@dataclass(frozen=True)
class _Composition:
    """Element counts and masses of a whole molecule (all fragments, implicit H included)."""

    counts: Mapping[str, int]
    masses: Mapping[str, float]
    total_mass: float
    rings: int
    multiple_bonds: bool
    formula: str

    @classmethod
    def of(cls, mol: Chem.Mol) -> _Composition:
        counts: Counter[str] = Counter()
        masses: Counter[str] = Counter()
        for atom in mol.GetAtoms():
            symbol = atom.GetSymbol()
            counts[symbol] += 1
            masses[symbol] += atom.GetMass()
            hydrogens = atom.GetTotalNumHs()
            if hydrogens:
                counts["H"] += hydrogens
                masses["H"] += hydrogens * _H_MASS
        return cls(
            counts=dict(counts),
            masses=dict(masses),
            total_mass=sum(masses.values()),
            rings=mol.GetRingInfo().NumRings(),
            multiple_bonds=any(bond.GetBondTypeAsDouble() > 1.0 for bond in mol.GetBonds()),
            formula=rdMolDescriptors.CalcMolFormula(mol),
        )


def _element_symbol(symbol: Any) -> str:
    """Validate an element symbol against RDKit's periodic table."""
    if not isinstance(symbol, str) or not symbol:
        raise ValueError(f"element symbol must be a non-empty string, got {symbol!r}")
    try:
        number = Chem.GetPeriodicTable().GetAtomicNumber(symbol)
    except RuntimeError:
        number = -1
    if number <= 0 or Chem.GetPeriodicTable().GetElementSymbol(number) != symbol:
        raise ValueError(f"unknown element symbol {symbol!r}")
    return symbol


@dataclass(frozen=True)
class CompositionRule:
    """Conditions on the elemental composition and topology of a whole molecule.

    Attributes
    ----------
    formula : str or None
        Exact Hill formula as written by RDKit, e.g. ``"C15H24O"``.
    elements : frozenset of str or None
        Allowed elements; every atom, implicit hydrogens included, must be one of them.
    counts : tuple of (str, int, int)
        ``(element, minimum, maximum)``, inclusive.
    mass_fraction_min : tuple of (str, float)
        ``(element, minimum mass fraction)``, fractions from average atomic weights; the
        comparison is ``>=``.
    acyclic : bool
        No rings.
    saturated : bool
        No double, triple or aromatic bonds.

    References
    ----------
    .. [1] E. A. Hill, "On a system of indexing chemical literature", J. Am. Chem. Soc. 22,
       478-494 (1900) (formula order).
    .. [2] IUPAC, "Standard atomic weights of the elements 2021", Pure Appl. Chem. 94,
       573-600 (2022).
    """

    formula: str | None = None
    elements: frozenset[str] | None = None
    counts: tuple[tuple[str, int, int], ...] = ()
    mass_fraction_min: tuple[tuple[str, float], ...] = ()
    acyclic: bool = False
    saturated: bool = False

    def __post_init__(self) -> None:
        if self.formula is not None and (not isinstance(self.formula, str) or not self.formula):
            raise ValueError("formula must be a non-empty string or None")
        if self.elements is not None:
            if isinstance(self.elements, str):
                raise TypeError("elements must be a collection of symbols, not a string")
            elements = frozenset(_element_symbol(symbol) for symbol in self.elements)
            if not elements:
                raise ValueError("elements must not be empty")
            object.__setattr__(self, "elements", elements)
        counts = []
        for entry in self.counts:
            element, low, high = entry
            if not (isinstance(low, int) and isinstance(high, int)) or not 0 <= low <= high:
                raise ValueError(f"count range for {element!r} must be 0 <= min <= max")
            counts.append((_element_symbol(element), low, high))
        object.__setattr__(self, "counts", tuple(counts))
        fractions = []
        for element, minimum in self.mass_fraction_min:
            if isinstance(minimum, bool) or not isinstance(minimum, int | float):
                raise ValueError(f"mass fraction for {element!r} must be a number")
            if not 0.0 <= minimum <= 1.0:
                raise ValueError(f"mass fraction for {element!r} must lie in [0, 1]")
            fractions.append((_element_symbol(element), float(minimum)))
        object.__setattr__(self, "mass_fraction_min", tuple(fractions))
        if not (
            self.formula
            or self.elements
            or self.counts
            or self.mass_fraction_min
            or self.acyclic
            or self.saturated
        ):
            raise ValueError("a composition rule needs at least one condition")

    def matches(self, mol: Chem.Mol) -> bool:
        """Tell whether a sanitised molecule satisfies every condition.

        Parameters
        ----------
        mol : rdkit.Chem.Mol
            A sanitised molecule; all fragments are counted together.

        Returns
        -------
        bool

        References
        ----------
        .. [1] Stockholm Convention, Annex A, short-chain chlorinated paraffins (SC-8/11, 2017):
           an example of a listing defined by chain length and chlorine content.
        """
        return self._matches(_Composition.of(mol))

    def _matches(self, composition: _Composition) -> bool:
        if self.formula is not None and composition.formula != self.formula:
            return False
        if self.elements is not None and not set(composition.counts) <= self.elements:
            return False
        for element, low, high in self.counts:
            if not low <= composition.counts.get(element, 0) <= high:
                return False
        for element, minimum in self.mass_fraction_min:
            if composition.total_mass <= 0.0:
                return False
            if composition.masses.get(element, 0.0) / composition.total_mass < minimum:
                return False
        if self.acyclic and composition.rings:
            return False
        return not (self.saturated and composition.multiple_bonds)


def _smarts_tuple(value: Any, name: str) -> tuple[str, ...]:
    """Turn a list of SMARTS into a tuple, rejecting a bare string."""
    if isinstance(value, str):
        raise TypeError(f"{name} must be a sequence of SMARTS strings, not a single string")
    items = tuple(value)
    for item in items:
        if not isinstance(item, str):
            raise TypeError(f"{name} entries must be strings, got {item!r}")
    return items


@dataclass(frozen=True)
class GroupRule:
    """One structural rule that puts a molecule into a substance group.

    A molecule matches when the composition (if any) holds, every ``all_of`` SMARTS matches,
    at least one ``any_of`` SMARTS matches (when ``any_of`` is not empty) and no ``none_of``
    SMARTS matches. Patterns are matched against the whole molecule, all fragments included.

    Attributes
    ----------
    group_code, rule_code : str
        Identify the group and the rule within it.
    description_en : str
        What the rule recognises.
    any_of, all_of, none_of : tuple of str
        SMARTS patterns.
    composition : CompositionRule or None
        Conditions on the elemental composition.
    provisional : bool
        The rule is a draft awaiting expert review.

    Raises
    ------
    ValueError
        If the rule has no ``any_of``, no ``all_of`` and no composition, or lacks codes.

    References
    ----------
    .. [1] Daylight, "SMARTS — A Language for Describing Molecular Patterns".
    """

    group_code: str
    rule_code: str
    description_en: str
    any_of: tuple[str, ...] = ()
    all_of: tuple[str, ...] = ()
    none_of: tuple[str, ...] = ()
    composition: CompositionRule | None = None
    provisional: bool = False

    def __post_init__(self) -> None:
        for name in ("group_code", "rule_code"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value.strip():
                raise ValueError(f"{name} must be a non-empty string")
        for name in ("any_of", "all_of", "none_of"):
            object.__setattr__(self, name, _smarts_tuple(getattr(self, name), name))
        if self.composition is not None and not isinstance(self.composition, CompositionRule):
            raise TypeError("composition must be a CompositionRule or None")
        if not (self.any_of or self.all_of or self.composition is not None):
            raise ValueError(
                f"rule {self.group_code}/{self.rule_code} needs any_of, all_of or a composition"
            )


@dataclass(frozen=True)
class RuleMatch:
    """A rule that matched a molecule.

    Attributes
    ----------
    group_code, rule_code, description_en : str
        Copied from the :class:`GroupRule`.
    provisional : bool
        Copied from the :class:`GroupRule`.

    References
    ----------
    .. [1] 生态环境部等，《重点管控新污染物清单（2023年版）》.
    """

    group_code: str
    rule_code: str
    description_en: str
    provisional: bool


def _match_of(rule: GroupRule) -> RuleMatch:
    """The report of a matching rule."""
    return RuleMatch(rule.group_code, rule.rule_code, rule.description_en, rule.provisional)


@dataclass(frozen=True)
class _CompiledRule:
    """A rule with its SMARTS replaced by indexes into the classifier's query list."""

    rule: GroupRule
    match: RuleMatch
    any_of: tuple[int, ...]
    all_of: tuple[int, ...]
    none_of: tuple[int, ...]


def _prepared(mol: Chem.Mol) -> Chem.Mol:
    """Copy a caller's molecule and make sure its property cache and ring data are present."""
    if not isinstance(mol, Chem.Mol):
        raise TypeError(f"expected a SMILES string or an RDKit Mol, not {type(mol).__name__}")
    copy = Chem.Mol(mol)
    try:
        with rdBase.BlockLogs():
            copy.UpdatePropertyCache(strict=False)
            Chem.SanitizeMol(copy, Chem.SanitizeFlags.SANITIZE_SYMMRINGS)
    except Exception as exc:  # ring perception on a damaged molecule
        raise StructureError(
            "sanitisation",
            "",
            "分子对象无法用于分类（RDKit 无法识别环）。",
            f"The molecule cannot be classified (RDKit ring perception failed: {exc}).",
        ) from exc
    return copy


class GroupClassifier:
    """Compiled group rules for classifying many molecules.

    Every distinct SMARTS is compiled once together with its RDKit pattern fingerprint. For
    each molecule the pattern fingerprint is computed once; a SMARTS whose fingerprint bits
    are not all set in the molecule's fingerprint cannot match, so the substructure search is
    skipped. Results of a SMARTS shared by several rules are reused within a molecule.

    Parameters
    ----------
    rules : iterable of GroupRule
        The rules, in the order results are reported.

    Raises
    ------
    StructureError
        Code ``"smarts"`` naming the rule when a pattern does not compile.

    References
    ----------
    .. [1] RDKit ``Chem.PatternFingerprint`` ("pattern fingerprint", designed as a
       substructure screen), https://www.rdkit.org/docs/RDKit_Book.html#pattern-fingerprints
    .. [2] J. W. Raymond, P. Willett, "Effectiveness of graph-based and fingerprint-based
       similarity measures for virtual screening of 2D chemical structure databases",
       J. Comput.-Aided Mol. Des. 16, 59-71 (2002).
    """

    def __init__(self, rules: Iterable[GroupRule]) -> None:
        self._rules = tuple(rules)
        index: dict[str, int] = {}
        queries: list[Chem.Mol] = []
        fingerprints: list[DataStructs.ExplicitBitVect] = []
        compiled = []
        for rule in self._rules:
            if not isinstance(rule, GroupRule):
                raise TypeError(f"expected GroupRule, got {type(rule).__name__}")
            slots: dict[str, tuple[int, ...]] = {}
            for name in ("any_of", "all_of", "none_of"):
                positions = []
                for smarts in getattr(rule, name):
                    if smarts not in index:
                        try:
                            query = compile_smarts(smarts)
                        except StructureError as exc:
                            raise StructureError(
                                "smarts",
                                smarts,
                                f"规则 {rule.group_code}/{rule.rule_code} 的{exc.reason_zh}",
                                f"Rule {rule.group_code}/{rule.rule_code}: {exc.reason_en}",
                            ) from exc
                        index[smarts] = len(queries)
                        queries.append(query)
                        fingerprints.append(Chem.PatternFingerprint(query))
                    positions.append(index[smarts])
                slots[name] = tuple(positions)
            compiled.append(
                _CompiledRule(
                    rule=rule,
                    match=_match_of(rule),
                    any_of=slots["any_of"],
                    all_of=slots["all_of"],
                    none_of=slots["none_of"],
                )
            )
        self._queries = tuple(queries)
        self._fingerprints = tuple(fingerprints)
        self._compiled = tuple(compiled)

    @property
    def rules(self) -> tuple[GroupRule, ...]:
        """The rules, in reporting order.

        Returns
        -------
        tuple of GroupRule

        References
        ----------
        .. [1] See :class:`GroupClassifier`.
        """
        return self._rules

    def classify(self, smiles_or_mol: str | Chem.Mol) -> list[RuleMatch]:
        """List every rule that matches one molecule, in rule order.

        Parameters
        ----------
        smiles_or_mol : str or rdkit.Chem.Mol
            A SMILES string, or a sanitised molecule (it is copied, not modified).

        Returns
        -------
        list of RuleMatch

        Raises
        ------
        StructureError
            When a SMILES string is unusable (see :func:`identify`).

        References
        ----------
        .. [1] RDKit ``Chem.PatternFingerprint`` and ``DataStructs.AllProbeBitsMatch``.
        """
        if isinstance(smiles_or_mol, str):
            _, mol = _parse(smiles_or_mol)
        else:
            mol = _prepared(smiles_or_mol)
        mol_fingerprint = Chem.PatternFingerprint(mol)
        known: dict[int, bool] = {}

        def hit(position: int) -> bool:
            result = known.get(position)
            if result is None:
                result = DataStructs.AllProbeBitsMatch(
                    self._fingerprints[position], mol_fingerprint
                ) and mol.HasSubstructMatch(self._queries[position])
                known[position] = result
            return result

        composition: _Composition | None = None
        matches = []
        for compiled in self._compiled:
            rule = compiled.rule
            if rule.composition is not None:
                if composition is None:
                    composition = _Composition.of(mol)
                if not rule.composition._matches(composition):
                    continue
            if not all(hit(position) for position in compiled.all_of):
                continue
            if compiled.any_of and not any(hit(position) for position in compiled.any_of):
                continue
            if any(hit(position) for position in compiled.none_of):
                continue
            matches.append(compiled.match)
        return matches

    def classify_many(self, smiles: Iterable[str]) -> Iterator[list[RuleMatch]]:
        """Classify a stream of SMILES strings lazily.

        Parameters
        ----------
        smiles : iterable of str
            The structures.

        Yields
        ------
        list of RuleMatch
            One list per input; an empty list for an unusable SMILES.

        References
        ----------
        .. [1] See :meth:`classify`.
        """
        for entry in smiles:
            try:
                yield self.classify(entry)
            except StructureError:
                yield []


def naive_classify(smiles: str, rules: Iterable[GroupRule]) -> list[RuleMatch]:
    """Classify one molecule without any screening: the baseline for benchmarks and tests.

    Every SMARTS is compiled afresh and matched with ``HasSubstructMatch``.

    Parameters
    ----------
    smiles : str
        The structure.
    rules : iterable of GroupRule
        The rules, in reporting order.

    Returns
    -------
    list of RuleMatch
        The same result :meth:`GroupClassifier.classify` gives.

    Raises
    ------
    StructureError
        For an unusable SMILES or SMARTS.

    References
    ----------
    .. [1] Daylight, "SMARTS — A Language for Describing Molecular Patterns".
    """
    _, mol = _parse(smiles)

    def hit(smarts: str) -> bool:
        return mol.HasSubstructMatch(compile_smarts(smarts))

    matches = []
    for rule in rules:
        if rule.composition is not None and not rule.composition.matches(mol):
            continue
        if not all(hit(smarts) for smarts in rule.all_of):
            continue
        if rule.any_of and not any(hit(smarts) for smarts in rule.any_of):
            continue
        if any(hit(smarts) for smarts in rule.none_of):
            continue
        matches.append(_match_of(rule))
    return matches


def _text(entry: Mapping[str, Any], key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{where}: {key!r} must be a non-empty string")
    return value.strip()


def _unknown_keys(entry: Mapping[str, Any], allowed: frozenset[str], where: str) -> None:
    if not isinstance(entry, Mapping):
        raise ValueError(f"{where}: expected a mapping, got {type(entry).__name__}")
    unknown = set(entry) - allowed
    if unknown:
        raise ValueError(f"{where}: unknown keys {sorted(unknown)}")


def _groups(data: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """Validate the group list and the uniqueness of group and rule codes."""
    if not isinstance(data, Mapping):
        raise ValueError("group rule data must be a mapping")
    groups = data.get("groups")
    if not isinstance(groups, list) or not groups:
        raise ValueError("group rule data needs a non-empty 'groups' list")
    seen: set[str] = set()
    for number, group in enumerate(groups, start=1):
        _unknown_keys(group, _GROUP_KEYS, f"group {number}")
        code = _text(group, "code", f"group {number}")
        if code in seen:
            raise ValueError(f"group {code}: duplicate group code")
        seen.add(code)
        for key in ("name_zh", "name_en", "description_en", "source"):
            _text(group, key, f"group {code}")
        rules = group.get("rules")
        if not isinstance(rules, list) or not rules:
            raise ValueError(f"group {code}: needs a non-empty 'rules' list")
        rule_codes: set[str] = set()
        for position, rule in enumerate(rules, start=1):
            _unknown_keys(rule, _RULE_KEYS, f"group {code}, rule {position}")
            rule_code = _text(rule, "code", f"group {code}, rule {position}")
            if rule_code in rule_codes:
                raise ValueError(f"group {code}: duplicate rule code {rule_code!r}")
            rule_codes.add(rule_code)
    return groups


def _composition(value: Any, where: str) -> CompositionRule | None:
    if value is None:
        return None
    _unknown_keys(value, _COMPOSITION_KEYS, f"{where}, composition")
    elements = value.get("elements")
    counts = value.get("counts") or []
    fractions = value.get("mass_fraction_min") or {}
    if not isinstance(counts, list) or not all(
        isinstance(item, list | tuple) and len(item) == 3 for item in counts
    ):
        raise ValueError(f"{where}: composition counts must be [element, min, max] lists")
    if not isinstance(fractions, Mapping):
        raise ValueError(f"{where}: mass_fraction_min must map element to fraction")
    for key in ("acyclic", "saturated"):
        if not isinstance(value.get(key, False), bool):
            raise ValueError(f"{where}: composition {key} must be true or false")
    try:
        return CompositionRule(
            formula=value.get("formula"),
            elements=frozenset(elements) if elements is not None else None,
            counts=tuple((str(item[0]), item[1], item[2]) for item in counts),
            mass_fraction_min=tuple(fractions.items()),
            acyclic=value.get("acyclic", False),
            saturated=value.get("saturated", False),
        )
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{where}: {exc}") from exc


def _smarts_list(entry: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = entry.get(key) or []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValueError(f"{where}: {key!r} must be a list of SMARTS strings")
    return tuple(value)


def rules_from_data(data: dict) -> list[GroupRule]:
    """Build the group rules from parsed ``group_rules.yaml`` data.

    Parameters
    ----------
    data : dict
        The parsed YAML: ``{"version": ..., "groups": [...]}``. Nothing is read from disk.

    Returns
    -------
    list of GroupRule
        In file order (groups, then rules within each group).

    Raises
    ------
    ValueError
        For missing or unknown keys, duplicate codes or invalid rules.

    References
    ----------
    .. [1] npgov ``reference/chemicals/group_rules.yaml`` (format described in its header).
    """
    rules = []
    for group in _groups(data):
        group_code = group["code"].strip()
        for entry in group["rules"]:
            where = f"group {group_code}, rule {entry['code']}"
            provisional = entry.get("provisional", False)
            if not isinstance(provisional, bool):
                raise ValueError(f"{where}: provisional must be true or false")
            try:
                rule = GroupRule(
                    group_code=group_code,
                    rule_code=entry["code"].strip(),
                    description_en=" ".join(_text(entry, "description_en", where).split()),
                    any_of=_smarts_list(entry, "any_of", where),
                    all_of=_smarts_list(entry, "all_of", where),
                    none_of=_smarts_list(entry, "none_of", where),
                    composition=_composition(entry.get("composition"), where),
                    provisional=provisional,
                )
            except TypeError as exc:
                raise ValueError(f"{where}: {exc}") from exc
            rules.append(rule)
    return rules


def groups_from_data(data: dict) -> list[dict]:
    """List the substance groups described in parsed ``group_rules.yaml`` data.

    Parameters
    ----------
    data : dict
        The parsed YAML. Nothing is read from disk.

    Returns
    -------
    list of dict
        ``{"code", "name_zh", "name_en", "description_en", "source", "rule_codes"}`` per
        group, in file order; ``rule_codes`` is a list in file order.

    Raises
    ------
    ValueError
        For missing or unknown keys or duplicate codes.

    References
    ----------
    .. [1] npgov ``reference/chemicals/group_rules.yaml``.
    """
    return [
        {
            "code": group["code"].strip(),
            "name_zh": group["name_zh"].strip(),
            "name_en": group["name_en"].strip(),
            "description_en": " ".join(group["description_en"].split()),
            "source": " ".join(group["source"].split()),
            "rule_codes": [rule["code"].strip() for rule in group["rules"]],
        }
        for group in _groups(data)
    ]


def has_unassigned_stereo(smiles: str) -> bool:
    """Whether the structure has a stereocentre or stereo double bond left undefined.

    Such a drawing can stand for several stereoisomers (e.g. the hexachlorocyclohexanes),
    which the platform then tells apart by CAS RN.

    Parameters
    ----------
    smiles : str
        The structure. [SMILES]

    Returns
    -------
    bool

    References
    ----------
    .. [1] RDKit ``Chem.FindPotentialStereo`` (new stereo perception), RDKit 2023.09+.
    """
    _spelled, mol = _parse(smiles)
    for info in Chem.FindPotentialStereo(mol):
        if info.specified == Chem.StereoSpecified.Unspecified:
            return True
    return False
