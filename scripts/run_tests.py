"""Run the test suite on SQLite, then on PostgreSQL when it is reachable (``make test``).

PostgreSQL is taken from ``DATABASE_URL`` / ``NPGOV_DATABASE_URL`` or 127.0.0.1:5432
(user postgres). Set ``NPGOV_REQUIRE_POSTGRES=1`` to fail instead of skipping when it is
unreachable (CI does).
"""

import os
import subprocess
import sys

DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/npgov"


def postgres_url() -> str | None:
    url = os.environ.get("NPGOV_DATABASE_URL") or os.environ.get("DATABASE_URL") or DEFAULT_PG
    if not url.startswith(("postgres://", "postgresql://")):
        return None
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(url)
    try:
        psycopg.connect(
            host=cfg["HOST"] or "127.0.0.1",
            port=cfg["PORT"] or 5432,
            user=cfg["USER"],
            password=cfg["PASSWORD"] or None,
            dbname="postgres",
            connect_timeout=3,
        ).close()
    except psycopg.OperationalError as exc:
        print(f"PostgreSQL not reachable at {cfg['HOST']}:{cfg['PORT']}: {exc}")
        return None
    return url


def pytest(args: list[str], env: dict[str, str]) -> int:
    command = [sys.executable, "-m", "pytest", *args, *sys.argv[1:]]
    print("$", " ".join(command), flush=True)
    return subprocess.call(command, env=env)


def main() -> int:
    base = {k: v for k, v in os.environ.items() if k != "NPGOV_TEST_DATABASE_URL"}
    print("== test suite on SQLite ==", flush=True)
    status = pytest(["tests"], base)
    url = postgres_url()
    if url is None:
        if os.environ.get("NPGOV_REQUIRE_POSTGRES") == "1":
            print("PostgreSQL is required (NPGOV_REQUIRE_POSTGRES=1) but not reachable.")
            return 1
        print("== PostgreSQL not reachable: database tests ran on SQLite only ==")
        return status
    print("== database tests on PostgreSQL ==", flush=True)
    pg_status = pytest(
        ["tests", "--ignore=tests/science", "-m", "not browser"],
        {**base, "NPGOV_TEST_DATABASE_URL": url},
    )
    return status or pg_status


if __name__ == "__main__":
    sys.exit(main())
