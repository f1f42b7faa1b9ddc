"""The science commands of ``npgov`` (no database): ``ssd``, ``hazard``, ``pnec`` and
``screen``. Each reads a file, prints a readable summary or, with ``--json``, one JSON object,
and exits 2 with the reason on bad input."""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
from pathlib import Path


def _finite(value):
    """JSON has no infinity or NaN: they are written as null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def _fail(message: str, as_json: bool) -> int:
    if as_json:
        print(json.dumps({"error": message}, ensure_ascii=False))
    else:
        print(f"npgov: {message}", file=sys.stderr)
    return 2


def cmd_ssd(args) -> int:
    from npgov.science import ssd

    path = Path(args.file)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        return _fail(f"{path}: cannot be read as UTF-8 CSV ({exc})", args.json)
    dists = tuple(d.strip() for d in args.dists.split(",")) if args.dists else ssd.DEFAULT_DISTS
    if args.ci and args.average != "multi":
        return _fail(
            "--ci gives the limits of the model-averaged HC5 by ssdtools' weighted-samples "
            "bootstrap, which goes with --average multi",
            args.json,
        )
    try:
        fits = ssd.fit_table(rows, dists)
        hc5 = fits.hc(0.05, average=args.average)
        ci = fits.hc_ci(0.05, nboot=args.nboot, seed=args.seed) if args.ci else None
    except ValueError as exc:
        return _fail(f"{path}: {exc}", args.json)
    out = {
        "n": fits.n,
        "distributions": [
            {
                "dist": d.dist,
                "params": d.params,
                "loglik": d.loglik,
                "aicc": d.aicc,
                "delta": d.delta,
                "weight": d.weight,
                "hc5": d.hc5,
                **({"note": d.note} if d.note else {}),
            }
            for d in fits.dists
        ],  # fmt: skip
        "failed": [{"dist": f.dist, "reason": f.reason} for f in fits.failures],
        "average": {
            "method": args.average,
            "hc5": hc5,
            "lcl": ci.lcl if ci else None,
            "ucl": ci.ucl if ci else None,
            **({"nboot": ci.nboot, "seed": args.seed, "level": ci.level} if ci else {}),
        },  # fmt: skip
    }
    if args.json:
        print(json.dumps(_finite(out), ensure_ascii=False))
        return 0
    print(f"{path.name}: {fits.n} species")
    print(f"{'dist':<12} {'loglik':>10} {'AICc':>10} {'delta':>8} {'weight':>8} {'HC5':>12}")
    for d in out["distributions"]:
        print(f"{d['dist']:<12} {d['loglik']:>10.3f} {d['aicc']:>10.3f} {d['delta']:>8.3f} "
              f"{d['weight']:>8.3f} {d['hc5']:>12.6g}")  # fmt: skip
    for f in out["failed"]:
        print(f"{f['dist']:<12} not fitted: {f['reason']}")
    limits = (
        f" ({ci.level:.0%} CI {ci.lcl:.6g}–{ci.ucl:.6g}, {ci.nboot} bootstrap samples)"
        if ci
        else ""
    )
    print(f"model-averaged HC5 ({args.average}): {hc5:.6g}{limits}")
    return 0


def _read_json(path: Path, as_json: bool):
    try:
        return json.loads(path.read_text(encoding="utf-8-sig")), None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return None, _fail(f"{path}: cannot be read as UTF-8 JSON ({exc})", as_json)


def cmd_hazard(args) -> int:
    from npgov.science import hazard

    path = Path(args.file)
    data, failed = _read_json(path, args.json)
    if failed is not None:
        return failed
    try:
        result = hazard.screen(data, scheme=args.scheme)
    except ValueError as exc:
        return _fail(f"{path}: {exc}", args.json)
    out = result.as_dict()
    if args.json:
        print(json.dumps(_finite(out), ensure_ascii=False, default=str))
        return 0
    print(f"{path.name} ({args.scheme}):")
    for key in ("P", "vP", "B", "vB", "T", "PBT", "vPvB"):
        print(f"  {key:<5} {out[key]}")
    for key, verdict in out["POP"].items():
        print(f"  POP {key}: {verdict}")
    for item in result.evidence:
        shown = item.value_text or item.classification or ""
        print(f"  - {item.criterion}: {item.verdict} — {shown} {item.rule}")
    return 0


def cmd_pnec(args) -> int:
    from npgov.science import pnec

    path = Path(args.file)
    data, failed = _read_json(path, args.json)
    if failed is not None:
        return failed
    try:
        out = pnec.pnec_from_json(data)
    except ValueError as exc:
        return _fail(f"{path}: {exc}", args.json)
    if args.json:
        print(json.dumps(_finite(out), ensure_ascii=False, default=str))
        return 0
    for compartment in ("water", "sediment", "soil"):
        result = out.get(compartment)
        if not result:
            continue
        if compartment == "water":
            value, unit = result.get("value_mg_per_l"), "mg/L"
        else:
            value, unit = result.get("value_mg_per_kg_wwt"), "mg/kg wet weight"
        print(f"{compartment}: {'—' if value is None else f'{value:.4g}'} {unit}")
        rule = result.get("rule") or {}
        if rule:
            print(f"  rule {rule.get('id')}: {rule.get('text')} ({rule.get('source')})")
        for key in ("reason", "formula"):
            if result.get(key):
                print(f"  {key}: {result[key]}")
    for note in out.get("notes", []):
        print(f"note: {note}")
    return 0


def _table(con, path: Path):
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        return con.read_parquet(path)
    if suffix in (".csv", ".txt"):
        return con.read_csv(path)
    raise ValueError(f"{path}: give a .csv or .parquet file")


def cmd_screen(args) -> int:
    from dataclasses import asdict

    from npgov.analytics import engine
    from npgov.science import ranking

    rule = {"scarce": ranking.SCARCE_2018, "danube": ranking.DANUBE_2018}[args.rule]
    try:
        con = engine.connect()
        results = _table(con, Path(args.results))
        pnec = _table(con, Path(args.pnec))
        for table, needed, path in (
            (results, {"substance_id", "site_id", "value", "loq"}, args.results),
            (pnec, {"substance_id", "name", "pnec", "provisional"}, args.pnec),
        ):
            missing = needed - set(table.columns)
            if missing:
                raise ValueError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
        ranked = engine.prioritise(
            con,
            results.cast({"value": "float64", "loq": "float64"}),
            pnec.cast({"pnec": "float64", "provisional": "boolean"}),
            rule,
        )
    except (ValueError, OSError) as exc:
        return _fail(str(exc), args.json)
    except Exception as exc:  # noqa: BLE001 - DuckDB's errors name the file and the line
        return _fail(f"the files cannot be read: {exc}", args.json)
    rows = [
        {"position": r.position, "substance": r.substance, "category": int(r.category),
         "action": r.category.action, "rank_in_category": r.rank_in_category,
         **asdict(r.indicators), **{k: v for k, v in asdict(r.evidence).items()
                                    if k != "substance"}}
        for r in ranked
    ]  # fmt: skip
    if args.json:
        print(json.dumps(_finite({"rule": args.rule, "substances": rows}), ensure_ascii=False))
        return 0
    print(f"{'#':>4} {'cat':>3} {'score':>6} {'EoE':>9} {'FoE':>6}  substance")
    for row in rows:
        print(f"{row['position']:>4} {row['category']:>3} {row['final_score']:>6.3f} "
              f"{row['extent_of_exceedance']:>9.3g} {row['foe_score']:>6.3f}  "
              f"{row['substance']}")  # fmt: skip
    return 0


def register(sub) -> None:
    """Add the science commands to the ``npgov`` parser."""
    from npgov.science.ssd import AVERAGE_METHODS

    ssd = sub.add_parser(
        "ssd",
        help="fit a species sensitivity distribution and give the HC5",
        description="Fit species sensitivity distributions by maximum likelihood (as R "
        "ssdtools does) to a CSV with a Conc column (one value per species; optional "
        "Species and Group columns) and give each distribution's and the model-averaged HC5.",
    )
    ssd.add_argument("file", help="CSV file with a Conc column")
    ssd.add_argument(
        "--dists", help="comma-separated distributions (default: the BCANZ set of six)"
    )
    ssd.add_argument(
        "--average", choices=AVERAGE_METHODS, default="multi",
        help="model averaging of the HC5 (default: multi, as ssdtools)",
    )  # fmt: skip
    ssd.add_argument("--ci", action="store_true", help="bootstrap confidence limits")
    ssd.add_argument("--nboot", type=int, default=1000, help="bootstrap samples (default 1000)")
    ssd.add_argument("--seed", type=int, default=None, help="random seed for the bootstrap")
    ssd.add_argument("--json", action="store_true")
    ssd.set_defaults(func=cmd_ssd)

    hazard = sub.add_parser(
        "hazard",
        help="screen a substance for PBT, vPvB and POP criteria",
        description="Screen P, vP, B, vB and T (REACH Annex XIII, or GB/T 24782-2009 with "
        "--scheme gbt24782) and the Stockholm Annex D POP criteria from a JSON file "
        '{"properties": [{"name", "value", "unit", "qualifier"?}], "classifications": [...]}. '
        "Each verdict is yes, no or insufficient, with the evidence that decided it.",
    )
    hazard.add_argument("file", help="JSON file with properties and classifications")
    hazard.add_argument("--scheme", choices=("reach", "gbt24782"), default="reach")
    hazard.add_argument("--json", action="store_true")
    hazard.set_defaults(func=cmd_hazard)

    pnec = sub.add_parser(
        "pnec",
        help="derive PNECs for water, sediment and soil",
        description="Derive a PNEC by the ECHA R.10 assessment factors from toxicity records "
        '({"compartment", "records": [...]}) or from an SSD\'s HC5 ({"hc5", "factor"}), and '
        'sediment and soil PNECs by equilibrium partitioning when "koc" is given.',
    )
    pnec.add_argument("file", help="JSON file with records or an HC5")
    pnec.add_argument("--json", action="store_true")
    pnec.set_defaults(func=cmd_pnec)

    screen = sub.add_parser(
        "screen",
        help="rank substances by NORMAN's prioritisation from monitoring results and PNECs",
        description="Put each substance in NORMAN's action categories (1 control, 2 screening, "
        "3 hazard assessment, 4 better analytical methods, 5 screening and hazard assessment, "
        "6 reduced monitoring) and rank it within its category by the extent and frequency of "
        "PNEC exceedance. RESULTS (CSV or Parquet) has one row per result: substance_id, "
        "site_id, value (empty below the limit), loq; PNEC has substance_id, name, pnec (same "
        "unit) and provisional (true for a provisional PNEC). Computed by the analytics "
        "engine (DuckDB).",
    )
    screen.add_argument("results", help="results file (.csv or .parquet)")
    screen.add_argument("--pnec", required=True, help="PNEC file (.csv or .parquet)")
    screen.add_argument(
        "--rule", choices=("scarce", "danube"), default="scarce",
        help="category rule of NORMAN's SCARCE 2018 (default) or DANUBE 2018",
    )  # fmt: skip
    screen.add_argument("--json", action="store_true")
    screen.set_defaults(func=cmd_screen)


if __name__ == "__main__":  # pragma: no cover
    parser = argparse.ArgumentParser(prog="npgov")
    register(parser.add_subparsers(dest="command", required=True))
    parsed = parser.parse_args()
    sys.exit(parsed.func(parsed))
