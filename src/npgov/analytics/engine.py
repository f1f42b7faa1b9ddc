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

__all__ = ["connect", "exposure_indicators", "prioritise", "site_levels"]


def connect(threads: int | None = None):
    """An embedded DuckDB connection (in memory) for the engine."""
    con = ibis.duckdb.connect()
    if threads:
        con.raw_sql(f"SET threads = {int(threads)}")
    return con


def site_levels(results: ibis.Table) -> ibis.Table:
    """One row per substance × site: results, quantified results, MEC_site and LOQ_min."""
    return results.group_by(["substance_id", "site_id"]).aggregate(
        n_results=_.count(),
        n_quantified=_.value.count(),
        mec_site=_.value.max(),
        loq_min=_.loq.min(where=_.value.isnull()),
    )


def exposure_indicators(results: ibis.Table, pnec: ibis.Table | None = None) -> ibis.Table:
    """One row per substance: sites analysed and quantified, MEC_site,max, MEC95, LOQ_min
    and, when ``pnec`` (substance_id, pnec in the results' unit) is given, the number of
    sites where MEC_site exceeds the PNEC."""
    sites = site_levels(results)
    if pnec is not None:
        sites = sites.left_join(pnec.select("substance_id", "pnec"), "substance_id").select(
            sites, exceeds=(sites.mec_site > _.pnec).fill_null(False)
        )
    aggregates = {
        "n_sites": _.count(),
        "n_sites_quantified": _.mec_site.count(),
        "mec_site_max": _.mec_site.max(),
        "mec95": _.mec_site.quantile(0.95),
        "loq_min": _.loq_min.min(),
    }
    if pnec is not None:
        aggregates["n_sites_exceeding"] = _.exceeds.sum()
    per = sites.group_by("substance_id").aggregate(**aggregates)
    return per.mutate(mec95=_.mec95.fill_null(0.0), mec_site_max=_.mec_site_max.fill_null(0.0))


def prioritise(con, results: ibis.Table, pnec: ibis.Table, rule=None) -> list:
    """NORMAN-style categories and ranking of every substance with a PNEC: the exposure
    indicators computed by the engine, then :func:`npgov.science.ranking.rank` on the
    per-substance rows (one per substance, so cheap).

    ``pnec`` has columns substance_id, name (unique; the ranking's last tie-break), pnec (in
    the results' unit) and provisional (bool). Substances without a PNEC are left out: NORMAN
    ranks none without one (it derives a provisional PNEC first).
    """
    from npgov.science import ranking

    table = exposure_indicators(results, pnec).inner_join(
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
