"""Group classification at register scale: ``GroupClassifier.classify_many`` over 100,000
synthetic structures against all group rules, versus RDKit's per-molecule matching loop without
screening (``naive_classify``) on the same structures.

No database is needed. The naive loop compiles every SMARTS afresh for each molecule; for more
than 10,000 molecules it is timed on a seeded random sample of 10,000 and its rate scaled to the
whole set (``--naive-sample 0`` times it on every molecule). Both must give the same group
codes on the timed sample; the number of disagreements is printed and must be 0.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from collections.abc import Iterable

import chemgen

from npgov.core.reference import read_yaml
from npgov.science import structure


def naive_many(smiles: Iterable[str], rules: list[structure.GroupRule]) -> list[list]:
    """``naive_classify`` per molecule; an unusable SMILES gives [] as in ``classify_many``."""
    out = []
    for entry in smiles:
        try:
            out.append(structure.naive_classify(entry, rules))
        except structure.StructureError:
            out.append([])
    return out


def groups(matches: list) -> tuple[str, ...]:
    return tuple(sorted({m.group_code for m in matches}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="structures to classify")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--naive-sample",
        type=int,
        default=10_000,
        help="time the naive loop on this many molecules when n is larger (0: on all)",
    )
    args = parser.parse_args()

    start = time.perf_counter()
    smiles = [r["smiles"] for r in chemgen.generate(args.n, args.seed)]
    print(f"generated {len(smiles):,} synthetic structures in {time.perf_counter() - start:.1f} s")
    rules = structure.rules_from_data(read_yaml("chemicals/group_rules.yaml"))
    start = time.perf_counter()
    classifier = structure.GroupClassifier(rules)
    built = time.perf_counter() - start
    print(
        f"{len(rules)} rules in {len({r.group_code for r in rules})} groups; classifier built "
        f"in {built * 1e3:.1f} ms"
    )
    list(classifier.classify_many(smiles[:200]))  # warm-up, untimed
    naive_many(smiles[:200], rules)

    start = time.perf_counter()
    results = list(classifier.classify_many(smiles))
    t_fast = time.perf_counter() - start
    fast_rate = len(smiles) / t_fast

    sampled = 0 < args.naive_sample < len(smiles)
    if sampled:
        indices = random.Random(args.seed + 1).sample(range(len(smiles)), args.naive_sample)
    else:
        indices = list(range(len(smiles)))
    sample = [smiles[i] for i in indices]
    start = time.perf_counter()
    naive = naive_many(sample, rules)
    t_naive = time.perf_counter() - start
    naive_rate = len(sample) / t_naive
    start = time.perf_counter()
    list(classifier.classify_many(sample))
    fast_sample_rate = len(sample) / (time.perf_counter() - start)

    print(
        f"GroupClassifier.classify_many: {len(smiles):,} molecules in {t_fast:.1f} s, "
        f"{fast_rate:,.0f} molecules/s"
    )
    if sampled:
        print(
            f"naive_classify (baseline): timed on a seeded random sample of {len(sample):,} of "
            f"{len(smiles):,} molecules, {t_naive:.1f} s, {naive_rate:,.0f} molecules/s; scaled "
            f"to all {len(smiles):,}: {len(smiles) / naive_rate:.0f} s (estimate)"
        )
    else:
        print(
            f"naive_classify (baseline): {len(sample):,} molecules in {t_naive:.1f} s, "
            f"{naive_rate:,.0f} molecules/s"
        )
    print(
        f"ratio classify_many / naive: {fast_rate / naive_rate:.1f}x "
        f"(classify_many on the same sample: {fast_sample_rate:,.0f} molecules/s, "
        f"{fast_sample_rate / naive_rate:.1f}x)"
    )

    group_diff = sum(groups(results[i]) != groups(n) for i, n in zip(indices, naive, strict=True))
    rule_diff = sum(
        [(m.group_code, m.rule_code) for m in results[i]]
        != [(m.group_code, m.rule_code) for m in n]
        for i, n in zip(indices, naive, strict=True)
    )
    print(
        f"disagreements on the {len(sample):,} timed molecules: {group_diff} in group codes "
        f"(must be 0), {rule_diff} in matched rules"
    )
    counts = Counter(code for matches in results for code in groups(matches))
    matched = sum(1 for matches in results if matches)
    print(
        f"molecules in at least one group: {matched:,} of {len(smiles):,}; per group: "
        + ", ".join(f"{code} {count:,}" for code, count in sorted(counts.items()))
    )
    return 1 if group_diff else 0


if __name__ == "__main__":
    sys.exit(main())
