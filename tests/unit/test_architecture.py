"""Import rules from pyproject.toml ([tool.importlinter]), checked with import-linter."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN_IN_DOMAIN = {
    "fastapi",
    "starlette",
    "slack_bolt",
    "slack_sdk",
    "sqlalchemy",
    "apscheduler",
    "adapters",
    "projections",
}


def test_import_contracts_hold() -> None:
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports)], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 5 kept, 0 broken." in result.stdout


def _imports(path: Path) -> list[str]:
    """Every module the file imports, at module level or inside functions."""
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


def test_domain_sources_import_no_framework_even_lazily() -> None:
    """import-linter sees module-level imports; this also catches imports inside functions."""
    offenders = []
    for path in (ROOT / "domain").rglob("*.py"):
        offenders += [
            f"{path.name}: {n}" for n in _imports(path) if n.split(".")[0] in FORBIDDEN_IN_DOMAIN
        ]
    assert offenders == []


def test_below_the_composition_root_nothing_imports_it_even_lazily() -> None:
    """The layers contract, also for imports inside functions: the doors, the
    scheduler, the services, projections and the domain never import `samverka`
    (its settings, its container), so the doors get only the services they use."""
    offenders = []
    for package in ("domain", "projections", "services", "adapters", "scheduler"):
        for path in (ROOT / package).rglob("*.py"):
            offenders += [
                f"{path.relative_to(ROOT)}: {n}"
                for n in _imports(path)
                if n.split(".")[0] == "samverka"
            ]
    assert offenders == []


def test_no_module_is_much_over_400_lines() -> None:
    long = []
    for package in ("domain", "projections", "services", "adapters", "scheduler", "samverka"):
        for path in (ROOT / package).rglob("*.py"):
            lines = len(path.read_text().splitlines())
            if lines > 420:
                long.append(f"{path.relative_to(ROOT)}: {lines}")
    assert long == []
