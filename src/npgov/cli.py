"""The ``npgov`` command: demo, serve, load-reference, validate, import, structure, rules, the
science engines (ssd; see :mod:`npgov.cli_science`), compile-messages, manage."""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

DEMO_PASSWORD = "npgov-demo-2026"


def _setup_django(env: str | None = None) -> None:
    if env:
        os.environ.setdefault("NPGOV_ENV", env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "npgov.settings")
    import django

    django.setup()


def _manage(*args: str, **options) -> None:
    from django.core.management import call_command

    call_command(*args, **options)


def _load_reference() -> dict[str, dict]:
    """Load every app's versioned reference data (idempotent)."""
    from npgov.chemicals.services import chemicals_load_reference
    from npgov.core.services import organisations_load_reference
    from npgov.enterprises.services import industry_classes_load_reference
    from npgov.plan.services import plan_load_reference

    return {
        "orgs": organisations_load_reference(),
        "plan": plan_load_reference(),
        "chem": chemicals_load_reference(),
        "industries": {"classes": industry_classes_load_reference()},
    }


def cmd_load_reference(args) -> int:
    _setup_django()
    counts = _load_reference()
    orgs, plan, chem = counts["orgs"], counts["plan"], counts["chem"]
    print(
        f"reference loaded: {orgs['districts']} districts, {orgs['departments']} departments, "
        f"{plan['sections']} plan sections, {plan['tasks']} tasks and safeguards, "
        f"{chem['lists']} regulatory lists with {chem['entries']} entries and "
        f"{chem['measures']} control measures, "
        f"{counts['industries']['classes']} industry classes"
    )
    return 0


def cmd_structure_classify(args) -> int:
    """Classify structures by the group rules of the reference data (no database needed)."""
    from npgov.core.reference import read_yaml
    from npgov.science import structure

    data = read_yaml("chemicals/group_rules.yaml")
    groups = {g["code"]: g for g in structure.groups_from_data(data)}
    engine = structure.GroupClassifier(structure.rules_from_data(data))
    status = 0
    for smiles in args.smiles:
        try:
            ident = structure.identify(smiles)
        except structure.StructureError as exc:
            status = 1
            row = {
                "smiles": smiles,
                "valid": False,
                "code": exc.code,
                "reason_zh": exc.reason_zh,
                "reason_en": exc.reason_en,
                "groups": [],
            }
        else:
            matched: dict[str, dict] = {}
            for match in engine.classify(ident.canonical_smiles):
                group = groups[match.group_code]
                entry = matched.setdefault(
                    match.group_code,
                    {
                        "code": match.group_code,
                        "name_zh": group["name_zh"],
                        "name_en": group["name_en"],
                        "rules": [],
                    },
                )
                entry["rules"].append(
                    {
                        "rule": match.rule_code,
                        "description_en": match.description_en,
                        "provisional": match.provisional,
                    }
                )
            row = {
                "smiles": smiles,
                "valid": True,
                "canonical_smiles": ident.canonical_smiles,
                "inchikey": ident.inchikey,
                "groups": list(matched.values()),
            }
        if args.json:
            print(json.dumps(row, ensure_ascii=False))
        elif row["valid"]:
            names = (
                "; ".join(
                    f"{g['code']} {g['name_zh']} ({', '.join(r['rule'] for r in g['rules'])})"
                    for g in row["groups"]
                )
                or "—"
            )
            print(f"{smiles}\t{names}")
        else:
            print(f"BAD {smiles}\t{row['reason_zh']} {row['reason_en']}")
    return status


def cmd_rules_check(args) -> int:
    """The decision of the control measures for a substance, activity, use and date."""
    import datetime as dt

    _setup_django()
    from django.contrib.auth.models import AnonymousUser

    from npgov.chemicals.api import rule_check_payload
    from npgov.chemicals.selectors import rules_check
    from npgov.science.rules import RuleError

    try:
        on = dt.date.fromisoformat(args.date) if args.date else dt.date.today()
    except ValueError:
        print(
            json.dumps(
                {
                    "error": "date",
                    "reason_zh": f"日期“{args.date}”应为 YYYY-MM-DD。",
                    "reason_en": f"Date '{args.date}' must be YYYY-MM-DD.",
                },
                ensure_ascii=False,
            )
        )
        return 2
    try:
        check = rules_check(
            user=AnonymousUser(),
            query=args.substance,
            activity=args.activity,
            on=on,
            use=args.use,
            product=args.product,
        )
    except RuleError as exc:
        print(
            json.dumps(
                {"error": exc.code, "reason_zh": exc.reason_zh, "reason_en": exc.reason_en},
                ensure_ascii=False,
            )
        )
        return 2
    payload = rule_check_payload(check)
    if args.json:
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        print(
            f"{payload.get('decision')}  until={payload.get('until')}  "
            f"groups={','.join(payload['groups'])}"
        )
        for rule in payload.get("rules", []):
            print(f"  - {rule['list']} {rule['entry']}: {rule['decision']} — {rule['reason_zh']}")
    return 0 if payload.get("decision") else 1


def _import_monitoring(args, actor, path: Path) -> int:
    """Stream a monitoring results file; prints counts, or the report and exits 1."""
    from npgov.core.imports import ImportRejected
    from npgov.core.models import Organisation
    from npgov.monitoring.importers import import_results

    lab = Organisation.objects.filter(code=args.lab).first() if args.lab else None
    if args.lab and lab is None:
        print(f"no organisation {args.lab!r}", file=sys.stderr)
        return 2

    def progress(rows: int) -> None:
        if not args.json:
            print(f"… {rows:,} rows checked", file=sys.stderr)

    try:
        outcome = import_results(actor=actor, path=path, laboratory=lab, progress=progress)
    except ImportRejected as rejected:
        if args.json:
            errors = [e.as_dict() for e in rejected.errors]
            print(json.dumps({"loaded": False, "errors": errors}, ensure_ascii=False))
        else:
            for error in rejected.errors:
                print(error)
        return 1
    summary = outcome.as_dict()
    if args.json:
        print(json.dumps(summary, ensure_ascii=False))
    else:
        print(
            f"{summary['file']}: {summary['status']}, {summary['rows']:,} rows, "
            f"{summary['results_created']:,} results stored, "
            f"{summary['rows_already_present']:,} already present"
        )
    return 0


def cmd_import(args) -> int:
    """Load a file through the import framework; on error print the report and exit 1."""
    _setup_django()
    from npgov.chemicals.importers import import_substances
    from npgov.chemicals.properties import import_properties
    from npgov.core.imports import ImportRejected
    from npgov.core.models import User
    from npgov.enterprises.importers import import_enterprises

    importers = {
        "substances": import_substances,
        "properties": import_properties,
        "enterprises": import_enterprises,
    }
    try:
        actor = User.objects.get(username=args.user, is_active=True)
    except User.DoesNotExist:
        print(f"no active user {args.user!r}", file=sys.stderr)
        return 2
    path = Path(args.file)
    if args.kind == "monitoring":
        return _import_monitoring(args, actor, path)
    try:
        result = importers[args.kind](actor=actor, file_name=path.name, content=path.read_bytes())
    except ImportRejected as rejected:
        if args.json:
            print(
                json.dumps(
                    {"loaded": False, "errors": [e.as_dict() for e in rejected.errors]},
                    ensure_ascii=False,
                )
            )
        else:
            for error in rejected.errors:
                print(error)
        return 1
    summary = {
        "loaded": result.duplicate_of is None,
        "rows": result.rows,
        "created": result.created,
        "already_loaded_at": result.duplicate_of.loaded_at.isoformat()
        if result.duplicate_of
        else None,
    }
    print(
        json.dumps(summary, ensure_ascii=False)
        if args.json
        else (
            f"{result.created} created from {result.rows} rows"
            if result.duplicate_of is None
            else f"already loaded on {summary['already_loaded_at']}; nothing loaded"
        )
    )
    return 0


def cmd_validate(args) -> int:
    from npgov.core.reference import division_register
    from npgov.science import identifiers

    kwargs = {}
    if args.kind == "division":
        kwargs["known"] = division_register() if args.beijing else None
    results = [identifiers.check(args.kind, value, **kwargs) for value in args.values]
    for result in results:
        if args.json:
            print(json.dumps(result.as_dict(), ensure_ascii=False))
        else:
            mark = "OK " if result.valid else "BAD"
            print(f"{mark} {result.value}\t{result.reason_zh} {result.reason_en}")
    return 0 if all(r.valid for r in results) else 1


def cmd_compile_messages(args) -> int:
    import polib

    locale_dir = Path(__file__).resolve().parent / "locale"
    count = 0
    for po_path in locale_dir.glob("*/LC_MESSAGES/*.po"):
        polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))
        count += 1
    print(f"compiled {count} message catalogue(s)")
    return 0


def _prepare_database() -> None:
    _manage("migrate", "--no-input", verbosity=0)
    _load_reference()


def cmd_demo(args) -> int:
    os.environ["NPGOV_ENV"] = "demo"
    _setup_django("demo")
    from django.conf import settings

    for folder in (settings.DATA_DIR, settings.STATIC_ROOT, settings.MEDIA_ROOT):
        folder.mkdir(parents=True, exist_ok=True)
    cmd_compile_messages(args)
    _prepare_database()
    from npgov.demo import demo_generate

    summary = demo_generate(password=DEMO_PASSWORD)
    print("demo data (synthetic): " + ", ".join(f"{k}: {v}" for k, v in summary.items()))
    print(f"demo accounts (password {DEMO_PASSWORD}): " + ", ".join(summary_accounts()))
    if args.no_serve:
        return 0
    return _serve(args.host, args.port, workers=1)


def summary_accounts() -> list[str]:
    from npgov.demo import DEMO_ACCOUNTS

    return [account.username for account in DEMO_ACCOUNTS]


def cmd_serve(args) -> int:
    _setup_django()
    return _serve(args.host, args.port, workers=args.workers, with_worker=not args.no_worker)


def _serve(host: str, port: int, workers: int, with_worker: bool = True) -> int:
    """Run the web server (gunicorn) and, unless told not to, the background-task worker."""
    env = dict(os.environ)
    children = []
    if with_worker:
        children.append(
            subprocess.Popen(
                [sys.executable, "-m", "npgov.cli", "manage", "db_worker", "--interval", "1"],
                env=env,
            )
        )
    print(f"npgov serving http://{host}:{port}/  (API docs: http://{host}:{port}/api/docs)")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "npgov.wsgi:application",
            "--bind",
            f"{host}:{port}",
            "--workers",
            str(workers),
            "--threads",
            "4",
            "--access-logfile",
            "-",
        ],
        env=env,
    )
    children.append(server)

    def stop(*_args):
        for child in children:
            if child.poll() is None:
                child.terminate()

    signal.signal(signal.SIGTERM, stop)
    try:
        return server.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        stop()
        for child in children:
            child.wait(timeout=10)


def cmd_manage(args) -> int:
    _setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["npgov manage", *args.args])
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="npgov", description="新污染物治理平台 npgov — new pollutant governance platform"
    )
    sub = parser.add_subparsers(dest="command", required=True)

    demo = sub.add_parser("demo", help="set up the embedded demo (SQLite) and serve it")
    demo.add_argument("--host", default="127.0.0.1")
    demo.add_argument("--port", type=int, default=8000)
    demo.add_argument("--no-serve", action="store_true", help="prepare the demo and exit")
    demo.set_defaults(func=cmd_demo)

    serve = sub.add_parser("serve", help="serve the web UI and API with the task worker")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=2)
    serve.add_argument(
        "--no-worker",
        action="store_true",
        help="do not start the background-task worker (run it separately)",
    )
    serve.set_defaults(func=cmd_serve)

    load = sub.add_parser("load-reference", help="load the versioned reference data")
    load.set_defaults(func=cmd_load_reference)

    validate = sub.add_parser("validate", help="check identifiers (exit 0 when all are valid)")
    validate.add_argument("kind", choices=["cas", "uscc", "division"])
    validate.add_argument("values", nargs="+", metavar="VALUE")
    validate.add_argument("--json", action="store_true", help="one JSON object per value")
    validate.add_argument(
        "--any-division",
        dest="beijing",
        action="store_false",
        help="division: check the structure only, not membership in the Beijing register",
    )
    validate.set_defaults(func=cmd_validate)

    structure_cmd = sub.add_parser("structure", help="structure tools")
    structure_sub = structure_cmd.add_subparsers(dest="structure_command", required=True)
    classify = structure_sub.add_parser("classify", help="groups a structure belongs to")
    classify.add_argument("smiles", nargs="+", metavar="SMILES")
    classify.add_argument("--json", action="store_true", help="one JSON object per structure")
    classify.set_defaults(func=cmd_structure_classify)

    rules_cmd = sub.add_parser("rules", help="control-measure rules")
    rules_sub = rules_cmd.add_subparsers(dest="rules_command", required=True)
    check = rules_sub.add_parser("check", help="decision for a substance and an activity")
    check.add_argument(
        "--substance", required=True, help="platform ID, CAS RN, name, synonym, InChIKey or SMILES"
    )
    check.add_argument(
        "--activity",
        required=True,
        help="production, processing_use, import, export, use_in_products, "
        "emission or waste_handling",
    )
    check.add_argument("--use", help="use code or the use as the list writes it in Chinese")
    check.add_argument("--product", help="product category, e.g. cleaning_agent.water_based")
    check.add_argument("--date", help="YYYY-MM-DD (default: today)")
    check.add_argument("--json", action="store_true")
    check.set_defaults(func=cmd_rules_check)

    importer = sub.add_parser("import", help="load a file (all or nothing, never twice)")
    importer.add_argument("kind", choices=["substances", "properties", "enterprises", "monitoring"])
    importer.add_argument("file")
    importer.add_argument("--user", required=True, help="the account the import is done as")
    importer.add_argument(
        "--lab", help="monitoring: the laboratory's code (default: the user's laboratory)"
    )
    importer.add_argument("--json", action="store_true")
    importer.set_defaults(func=cmd_import)

    messages = sub.add_parser("compile-messages", help="compile the translation catalogues")
    messages.set_defaults(func=cmd_compile_messages)

    from npgov import cli_science

    cli_science.register(sub)

    manage = sub.add_parser("manage", help="run a Django management command", add_help=False)
    manage.add_argument("args", nargs=argparse.REMAINDER)
    manage.set_defaults(func=cmd_manage)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
