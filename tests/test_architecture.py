"""The layering the README describes, checked on the code itself (imports read with ``ast``,
template tags with a regular expression), so a new import against the grain fails here:

* the core (``trusts``) names no feature app: features register with it (trusts/features.py);
* the feature apps depend one way: partners <- boards, pooling <- plans;
* product code imports no test or benchmark tooling (pytest, factories, ``tests``, ``bench``).
"""
import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FEATURES = ("partners", "boards", "pooling", "plans")
TOOLING = ("pytest", "factory", "time_machine", "playwright", "schemathesis", "axe_playwright_python", "tests", "bench")
# what each feature app may import of the others (style guide, "Which app may import which")
MAY_IMPORT = {"partners": set(), "boards": {"partners"}, "pooling": {"partners"},
              "plans": {"partners", "boards", "pooling"}}
INCLUDE = re.compile(r"""\{%\s*(?:include|extends)\s+["']([\w-]+)/""")


def _product_files(package):
    for path in sorted((ROOT / package).rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if "tests" in parts or "migrations" in parts:
            continue
        yield path


def _imports(path):
    """Top-level package names a module imports (functions' own imports included)."""
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module


def _offending(package, forbidden):
    found = []
    for path in _product_files(package):
        for name in _imports(path):
            top = name.split(".")[0]
            if top in forbidden or (name.startswith("trusts.") and name.split(".")[1] == "tests"):
                found.append(f"{path.relative_to(ROOT)} imports {name}")
    return found


def test_the_core_imports_no_feature_app():
    assert _offending("trusts", set(FEATURES)) == []


def test_core_templates_include_no_feature_template():
    found = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        found += [f"{path.relative_to(ROOT)} includes {app}/" for app in INCLUDE.findall(path.read_text())
                  if app in FEATURES]
    assert found == []


@pytest.mark.parametrize("app", FEATURES)
def test_feature_apps_depend_one_way(app):
    assert _offending(app, set(FEATURES) - MAY_IMPORT[app] - {app}) == []


@pytest.mark.parametrize("package", ("trusts", *FEATURES))
def test_product_code_imports_no_test_or_benchmark_tooling(package):
    assert _offending(package, set(TOOLING)) == []


def test_the_checks_see_an_offending_import(tmp_path):
    """The scan itself works: an import it must refuse is found."""
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from plans.models import PlanVersion\nimport pytest\n")
    assert {name.split(".")[0] for name in _imports(module)} == {"plans", "pytest"}
    assert INCLUDE.findall('{% include "boards/home_panel.html" %}') == ["boards"]
