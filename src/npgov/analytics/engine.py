"""Per-substance exposure indicators over a table of monitoring results, as ibis expressions.

The input table has one row per result of a regular sample that was not rejected:

===============  =========================================================================
column           meaning
===============  =========================================================================
substance_id     integer
site_id          integer
value            the measured concentration, null when the result is below the LOQ/LOD
loq              the limit of the result (LOQ, else LOD), null when not given
===============  =========================================================================

all concentrations in one unit per medium (the monitoring store's ng/L for water). The
indicators are those of the NORMAN prioritisation framework (methods: ``science.ranking``):

- MEC_site: the largest quantified value at a site (the framework leaves open whether the
  maximum or the 95th percentile represents a site with many samples; the maximum is the
  conservative choice and what the NORMAN export names "MEC/Site Max");
- MEC95: the 95th percentile (linear interpolation) of MEC_site over the sites where the
  substance was quantified; 0 where it was quantified nowhere, as NORMAN's tables give it;
- MEC_site,max, the lowest limit among non-quantified results (LOQ_min), the number of sites
  analysed, quantified, and (with a PNEC) where MEC_site exceeds it.

References
----------
.. [1] Dulio, V. & von der Ohe, P. C. (eds.) (2013). *NORMAN prioritisation framework for
   emerging substances*. NORMAN Association.
.. [2] von der Ohe, P. C. et al. (2011). A new risk assessment approach for the
   prioritization of 500 classical and emerging organic microcontaminants as potential river
   basin specific pollutants under the European Water Framework Directive. *Science of the
   Total Environment* 409, 2064–2077.
"""

from __future__ import annotations

import ibis
from ibis import _

__all__ = ["connect", "exposure_indicators", "prioritise", "site_range"]

#: Widest range of site ids for which sites are counted with one bitmap per substance
#: (``bitstring_agg``; 32 KiB per substance at this width); wider ranges count distinct ids.
BITMAP_SITES = 1 << 18


def connect(threads: int | None = None):
    """An embedded DuckDB connection (in memory) for the engine.

    Row order is not preserved inside queries (every result the engine returns is keyed, so
    order is not needed, and DuckDB aggregates faster without it), and the macro
    ``npgov_count_sites(site_id, lo, hi)`` counts distinct ids in ``[lo, hi]`` with a bitmap.
    """
    con = ibis.duckdb.connect()
    con.raw_sql("SET preserve_insertion_order = false")
    con.raw_sql(
        "CREATE OR REPLACE MACRO npgov_count_sites(x, lo, hi) AS "
        "bit_count(bitstring_agg(x, lo, hi))"
    )
    if threads:
        con.raw_sql(f"SET threads = {int(threads)}")
    return con


@ibis.udf.agg.builtin(name="npgov_count_sites")
def _count_sites(arg: int, lo: int, hi: int) -> int:
    """Distinct site ids in [lo, hi] (the macro :func:`connect` defines)."""


def site_range(con, results: ibis.Table) -> tuple[int, int] | None:
    """The smallest and largest site id of ``results`` (None when it has no rows)."""
    lo, hi = con.execute(results.aggregate(lo=_.site_id.min(), hi=_.site_id.max())).iloc[0]
    return None if lo is None or lo != lo else (int(lo), int(hi))


def exposure_indicators(
    results: ibis.Table, pnec: ibis.Table | None = None, *, sites: tuple[int, int] | None = None
) -> ibis.Table:
    """One row per substance: sites analysed and quantified, MEC_site,max, MEC95, LOQ_min
    and, when ``pnec`` (substance_id, pnec in the results' unit) is given, the number of
    sites where MEC_site exceeds the PNEC.

    Only the quantified results are grouped by site (MEC_site is the largest quantified
    value); the sites analysed and LOQ_min come from one pass over all results grouped by
    substance. Given ``sites``, the results' range of site ids (:func:`site_range`), and a
    connection from :func:`connect`, the sites analysed are counted with a bitmap per
    substance when the range is at most :data:`BITMAP_SITES` wide; otherwise, and on other
    backends, as distinct ids.
    """
    quantified = results.filter(_.value.notnull())
    levels = quantified.group_by(["substance_id", "site_id"]).aggregate(mec_site=_.value.max())
    if pnec is not None:
        levels = levels.left_join(pnec.select("substance_id", "pnec"), "substance_id").select(
            levels, exceeds=(levels.mec_site > _.pnec).fill_null(False)
        )
    found = {
        "n_sites_quantified": _.count(),
        "mec_site_max": _.mec_site.max(),
        "mec95": _.mec_site.quantile(0.95),
    }
    if pnec is not None:
        found["n_sites_exceeding"] = _.exceeds.sum()
    by_substance = levels.group_by("substance_id").aggregate(**found)
    if sites is not None and sites[1] - sites[0] < BITMAP_SITES:
        n_sites = _count_sites(_.site_id, sites[0], sites[1])
    else:
        n_sites = _.site_id.nunique()
    analysed = results.group_by("substance_id").aggregate(
        n_sites=n_sites, loq_min=_.loq.min(where=_.value.isnull())
    )
    joined = analysed.left_join(by_substance, "substance_id")
    out = joined.select(
        "substance_id",
        "n_sites",
        n_sites_quantified=_.n_sites_quantified.fill_null(0),
        mec_site_max=_.mec_site_max.fill_null(0.0),
        mec95=_.mec95.fill_null(0.0),
        loq_min=_.loq_min,
        **({"n_sites_exceeding": _.n_sites_exceeding.fill_null(0)} if pnec is not None else {}),
    )
    return out


def prioritise(con, results: ibis.Table, pnec: ibis.Table, rule=None) -> list:
    """NORMAN-style categories and ranking of every substance with a PNEC: the exposure
    indicators computed by the engine, then :func:`npgov.science.ranking.rank` on the
    per-substance rows (one per substance, so cheap).

    ``pnec`` has columns substance_id, name (unique; the ranking's last tie-break), pnec (in
    the results' unit) and provisional (bool). Substances without a PNEC are left out: NORMAN
    ranks none without one (it derives a provisional PNEC first).
    """
    from npgov.science import ranking

    indicators = exposure_indicators(results, pnec, sites=site_range(con, results))
    table = indicators.inner_join(
        pnec.select("substance_id", "name", "pnec", "provisional"), "substance_id"
    )
    rows = con.to_polars(table).iter_rows(named=True)
    evidence = [
        ranking.SubstanceEvidence(
            substance=row["name"],
            n_sites=row["n_sites"],
            n_sites_exceeding=int(row["n_sites_exceeding"] or 0),
            mec95=row["mec95"],
            mec_site_max=row["mec_site_max"],
            lowest_pnec=row["pnec"],
            pnec_provisional=bool(row["provisional"]),
            loq_min=row["loq_min"],
            n_sites_quantified=row["n_sites_quantified"],
        )  # fmt: skip
        for row in rows
    ]
    return ranking.rank(evidence, rule or ranking.SCARCE_2018)
