"""Prioritisation inputs over 10,000,000 monitoring results (2,000 substances × 5,000 sites,
generated, written to Parquet): the analytics engine (``analytics.engine.exposure_indicators``,
ibis on embedded DuckDB) against

- a hand-written DuckDB SQL query computing the same indicators over the same file (goal: the
  engine within 1.5×), and
- a straightforward pandas implementation (goal: the engine at least 5× faster),

with the engine's peak memory. All three must give the same indicators (checked).
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

SQL = """
WITH sites AS (
  SELECT r.substance_id, r.site_id, MAX(r.value) AS mec_site,
         MIN(r.loq) FILTER (WHERE r.value IS NULL) AS loq_min
  FROM read_parquet('{path}') r GROUP BY r.substance_id, r.site_id
)
SELECT s.substance_id, COUNT(*) AS n_sites, COUNT(s.mec_site) AS n_sites_quantified,
       COALESCE(MAX(s.mec_site), 0) AS mec_site_max,
       COALESCE(quantile_cont(s.mec_site, 0.95), 0) AS mec95, MIN(s.loq_min) AS loq_min,
       SUM(CASE WHEN s.mec_site > p.pnec THEN 1 ELSE 0 END) AS n_sites_exceeding
FROM sites s LEFT JOIN read_parquet('{pnec}') p USING (substance_id)
GROUP BY s.substance_id
"""


def generate(path: Path, pnec_path: Path, substances: int, sites: int, seed: int) -> int:
    """One result per substance and site, in blocks of 100 substances; log-normal levels
    with a substance-specific median and detection rate, censored below a per-substance LOQ."""
    rng = np.random.default_rng(seed)
    schema = pa.schema([("substance_id", pa.int32()), ("site_id", pa.int32()),
                        ("value", pa.float64()), ("loq", pa.float64())])  # fmt: skip
    median = rng.lognormal(0, 2, substances)
    loq = median * rng.uniform(0.2, 5, substances)
    rows = 0
    with pq.ParquetWriter(path, schema) as writer:
        for start in range(0, substances, 100):
            ids = np.arange(start, min(start + 100, substances))
            sub = np.repeat(ids, sites)
            site = np.tile(np.arange(sites), ids.size)
            level = median[sub] * rng.lognormal(0, 1.2, sub.size)
            below = level < loq[sub]
            writer.write_table(pa.table({
                "substance_id": sub.astype(np.int32), "site_id": site.astype(np.int32),
                "value": pa.array(level, mask=below), "loq": loq[sub],
            }, schema=schema))  # fmt: skip
            rows += sub.size
    pnec = median * rng.lognormal(1, 1.5, substances)
    pq.write_table(pa.table({"substance_id": np.arange(substances, dtype=np.int32),
                             "pnec": pnec}), pnec_path)  # fmt: skip
    return rows


def pandas_indicators(path: Path, pnec_path: Path):
    import pandas as pd

    results = pd.read_parquet(path)
    pnec = pd.read_parquet(pnec_path)
    sites = results.groupby(["substance_id", "site_id"]).agg(mec_site=("value", "max"))
    sites["loq_min"] = (
        results[results["value"].isna()].groupby(["substance_id", "site_id"])["loq"].min()
    )
    sites = sites.reset_index().merge(pnec, on="substance_id", how="left")
    sites["exceeds"] = sites["mec_site"] > sites["pnec"]
    out = sites.groupby("substance_id").agg(
        n_sites=("site_id", "count"), n_sites_quantified=("mec_site", "count"),
        mec_site_max=("mec_site", "max"), mec95=("mec_site", lambda s: s.quantile(0.95)),
        loq_min=("loq_min", "min"), n_sites_exceeding=("exceeds", "sum"),
    )  # fmt: skip
    out[["mec_site_max", "mec95"]] = out[["mec_site_max", "mec95"]].fillna(0.0)
    return out.reset_index()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--substances", type=int, default=2000)
    parser.add_argument("--sites", type=int, default=5000)
    args = parser.parse_args()
    import ibis
    import polars as pl

    from npgov.analytics import engine

    with tempfile.TemporaryDirectory(prefix="npgov-prio-") as folder:
        path, pnec_path = Path(folder) / "results.parquet", Path(folder) / "pnec.parquet"
        rows = generate(path, pnec_path, args.substances, args.sites, seed=11)
        print(f"{rows:,} results in {path.stat().st_size / 1e6:.0f} MB of Parquet", flush=True)
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        con = engine.connect()
        start = time.perf_counter()
        ours = con.to_polars(
            engine.exposure_indicators(con.read_parquet(path), con.read_parquet(pnec_path))
        ).sort("substance_id")
        t_engine = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        import duckdb

        raw = duckdb.connect()
        start = time.perf_counter()
        sql = pl.from_arrow(raw.sql(SQL.format(path=path, pnec=pnec_path)).arrow()).sort(
            "substance_id"
        )
        t_sql = time.perf_counter() - start
        start = time.perf_counter()
        naive = pl.from_pandas(pandas_indicators(path, pnec_path)).sort("substance_id")
        t_pandas = time.perf_counter() - start
        for other in (sql, naive):
            for column in ("n_sites", "n_sites_quantified", "n_sites_exceeding"):
                assert (ours[column].cast(pl.Int64) == other[column].cast(pl.Int64)).all(), column
            for column in ("mec_site_max", "mec95", "loq_min"):
                assert np.allclose(ours[column].to_numpy(), other[column].to_numpy(),
                                   rtol=1e-9, equal_nan=True), column  # fmt: skip
        del ibis
        print(
            f"exposure indicators of {ours.height:,} substances: engine {t_engine:.2f} s; "
            f"hand-written DuckDB SQL {t_sql:.2f} s (ratio {t_engine / t_sql:.2f}, goal ≤ 1.5); "
            f"pandas {t_pandas:.1f} s (engine {t_pandas / t_engine:.1f}× faster, goal ≥ 5); "
            f"engine peak memory {peak:.0f} MB (before {before:.0f} MB)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
