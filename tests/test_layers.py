"""Layer rules: science and the analytics engine import no Django; core imports no domain
app; apps import downwards."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "npgov"
#: Domain apps from lowest to highest; an app may import only those before it.
APP_ORDER = ["core", "chemicals", "enterprises", "survey", "monitoring", "risk", "plan"]


def imports_of(path: Path) -> set[str]:
    """Absolute names of every module ``path`` imports, relative imports resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ["npgov", *path.relative_to(PACKAGE).parent.parts]
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                base = node.module or ""
            else:
                parent = package[: len(package) - (node.level - 1)]
                base = ".".join(parent + ([node.module] if node.module else []))
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def test_relative_imports_are_resolved():
    names = imports_of(PACKAGE / "plan" / "views.py")
    assert "npgov.plan.selectors" in names and "npgov.core.policy" in names


@pytest.mark.parametrize("package", ["science", "analytics"])
def test_science_and_the_analytics_engine_are_pure(package):
    allowed = ("npgov.science", "npgov.analytics") if package == "analytics" else ("npgov.science",)
    for path in (PACKAGE / package).rglob("*.py"):
        for name in imports_of(path):
            assert not name.startswith("django"), f"{path} imports {name}"
            assert not name.startswith("npgov.") or name.startswith(allowed), (
                f"{path} imports {name}"
            )


@pytest.mark.parametrize("index", range(len(APP_ORDER)))
def test_apps_import_only_lower_apps(index):
    app = APP_ORDER[index]
    higher = APP_ORDER[index + 1 :] + ["api", "cli", "demo"]
    for path in (PACKAGE / app).rglob("*.py"):
        for name in imports_of(path):
            for other in higher:
                assert not name.startswith(f"npgov.{other}"), f"{path} imports {name}"
