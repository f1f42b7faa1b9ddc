"""The analytics engine's exposure indicators and prioritisation, checked against the same
numbers computed by hand and by numpy on generated results."""

import ibis
import numpy as np
import pyarrow as pa
import pytest

from npgov.analytics import engine
from npgov.science import ranking


@pytest.fixture(scope="module")
def con():
    return engine.connect(threads=2)


def _results(rows):
    substance, site, value, loq = zip(*rows, strict=True)
    return ibis.memtable(pa.table({
        "substance_id": pa.array(substance, pa.int32()), "site_id": pa.array(site, pa.int32()),
        "value": pa.array(value, pa.float64()), "loq": pa.array(loq, pa.float64()),
    }))  # fmt: skip


def test_indicators_by_hand(con):
    # Substance 1: site 10 has 2.0 and 5.0 (MEC_site 5), site 11 only non-detects (<0.5,
    # <0.2), site 12 has 1.0. Substance 2: never quantified, limits 0.3 and 0.1.
    results = _results([
        (1, 10, 2.0, 0.5), (1, 10, 5.0, 0.5), (1, 11, None, 0.5), (1, 11, None, 0.2),
        (1, 12, 1.0, 0.5), (2, 10, None, 0.3), (2, 11, None, 0.1),
    ])  # fmt: skip
    pnec = ibis.memtable({"substance_id": [1, 2], "pnec": [1.5, 1.0]})
    rows = {
        r["substance_id"]: r
        for r in con.to_polars(engine.exposure_indicators(results, pnec)).iter_rows(named=True)
    }
    one, two = rows[1], rows[2]
    assert (one["n_sites"], one["n_sites_quantified"], one["n_sites_exceeding"]) == (3, 2, 1)
    assert one["mec_site_max"] == 5.0 and one["loq_min"] == 0.2
    # MEC95 over the quantified sites' MEC_site values (1.0 and 5.0), linear interpolation:
    # 1.0 + 0.95 × (5.0 − 1.0) = 4.8.
    assert one["mec95"] == pytest.approx(4.8)
    assert (two["n_sites_quantified"], two["mec95"], two["mec_site_max"]) == (0, 0.0, 0.0)
    assert two["loq_min"] == 0.1 and two["n_sites_exceeding"] == 0


def test_indicators_agree_with_numpy_on_generated_results(con):
    rng = np.random.default_rng(3)
    n = 20_000
    substance, site = rng.integers(0, 20, n), rng.integers(0, 300, n)
    level = rng.lognormal(0, 1.5, n)
    quantified = level > 0.4
    results = _results(list(zip(substance.tolist(), site.tolist(),
                                np.where(quantified, level, np.nan).tolist(),
                                [0.4] * n, strict=True)))  # fmt: skip
    results = results.mutate(value=ibis._.value.nullif(float("nan")))
    out = con.to_polars(engine.exposure_indicators(results)).sort("substance_id")
    # Counting sites with bitmaps over the id range gives the same table as distinct ids.
    sites = engine.site_range(con, results)
    assert sites == (int(site.min()), int(site.max()))
    counted = con.to_polars(engine.exposure_indicators(results, sites=sites)).sort("substance_id")
    assert counted.equals(out)
    for row in out.iter_rows(named=True):
        mine = substance == row["substance_id"]
        site_max = {}
        for s, v, q in zip(site[mine], level[mine], quantified[mine], strict=True):
            if q:
                site_max[s] = max(site_max.get(s, 0.0), v)
        assert row["n_sites"] == len(set(site[mine].tolist()))
        assert row["n_sites_quantified"] == len(site_max)
        assert row["mec95"] == pytest.approx(np.percentile(list(site_max.values()), 95))
        assert row["mec_site_max"] == pytest.approx(max(site_max.values()))


def test_prioritise_ranks_with_normans_categories(con):
    results = _results([
        (1, 10, 5.0, 0.5), (1, 11, 0.9, 0.5),  # exceeds its reliable PNEC at one site: cat 1
        (2, 10, 0.2, 0.1), (2, 11, 0.3, 0.1),  # quantified, below its PNEC: cat 6
        (3, 10, None, 2.0), (3, 11, None, 3.0),  # not quantified, LOQ above the PNEC: cat 4
        (4, 10, 0.7, 0.1),  # quantified, provisional PNEC: cat 3
    ])  # fmt: skip
    pnec = ibis.memtable({
        "substance_id": [1, 2, 3, 4], "name": ["A", "B", "C", "D"],
        "pnec": [1.0, 1.0, 1.0, 0.5], "provisional": [False, False, False, True],
    })  # fmt: skip
    ranked = engine.prioritise(con, results, pnec)
    assert [(r.substance, int(r.category)) for r in ranked] == [
        ("A", 1),
        ("D", 3),
        ("C", 4),
        ("B", 6),
    ]
    first = ranked[0].indicators
    assert first.foe_score == pytest.approx(0.5)  # one of two sites above the PNEC
    assert first.final_score == pytest.approx(ranking.final_score(
        ranked[0].evidence.mec95, 1.0, 1, 2))  # fmt: skip


def test_sites_counted_beyond_the_bitmap_range(con):
    # Site ids further apart than a bitmap covers are counted as distinct ids.
    far = engine.BITMAP_SITES * 4
    results = _results([(1, 1, 2.0, 0.5), (1, far, None, 0.5), (1, far, 3.0, 0.5)])
    sites = engine.site_range(con, results)
    assert sites == (1, far)
    (row,) = con.to_polars(engine.exposure_indicators(results, sites=sites)).to_dicts()
    assert (row["n_sites"], row["n_sites_quantified"], row["mec_site_max"]) == (2, 2, 3.0)


def test_no_results_no_range(con):
    assert engine.site_range(con, _results([(1, 1, 1.0, 0.1)]).filter(ibis._.site_id > 5)) is None
