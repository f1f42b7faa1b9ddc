"""Production settings refuse unsafe configurations; demo runs with none."""

import os
import subprocess
import sys

import pytest

GOOD = {
    "NPGOV_ENV": "production",
    "NPGOV_SECRET_KEY": "x" * 50,
    "NPGOV_ALLOWED_HOSTS": "npgov.example.gov.cn",
    "NPGOV_DATABASE_URL": "postgres://npgov@127.0.0.1:5432/npgov",
}


def load(env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("NPGOV_")}
    code = (
        "import npgov.settings as s; "
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT)"
    )
    return subprocess.run(
        [sys.executable, "-c", code], env={**clean, **env}, capture_output=True, text=True
    )


def test_production_with_everything_is_secure():
    result = load(GOOD)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "True", "True"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"NPGOV_SECRET_KEY": ""}, "NPGOV_SECRET_KEY"),
        ({"NPGOV_SECRET_KEY": "short"}, "32 characters"),
        ({"NPGOV_ALLOWED_HOSTS": ""}, "NPGOV_ALLOWED_HOSTS"),
        ({"NPGOV_DATABASE_URL": ""}, "NPGOV_DATABASE_URL"),
        ({"NPGOV_DEBUG": "1"}, "NPGOV_DEBUG"),
        ({"NPGOV_ENV": "staging"}, "NPGOV_ENV"),
    ],
)
def test_production_refuses_unsafe_settings(change, message):
    env = {k: v for k, v in {**GOOD, **change}.items() if v}
    result = load(env)
    assert result.returncode != 0
    assert message in result.stderr


def test_demo_needs_no_configuration():
    result = load({"NPGOV_ENV": "demo"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "False"
