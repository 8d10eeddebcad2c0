import ast
from pathlib import Path

import yinren.rules

RULES = Path(yinren.rules.__file__).parent


def test_all_is_sorted_and_complete() -> None:
    exported = yinren.rules.__all__
    # As ruff's RUF022 sorts it: CONSTANTS, then Classes, then the rest, each alphabetically.
    assert exported == sorted(exported, key=lambda name: (0 if name.isupper() else 1 if name[0].isupper() else 2, name))
    public = {name for name in vars(yinren.rules) if not name.startswith("_") and name != "annotations"}
    assert set(exported) == public


def test_the_engine_imports_no_web_or_database_code() -> None:
    forbidden = ("fastapi", "sqlalchemy", "starlette", "yinren.")
    for path in RULES.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                assert not name.startswith(forbidden), f"{path.name} imports {name}"


def test_the_rest_of_the_service_uses_only_the_public_surface() -> None:
    """Outside the engine, `yinren.rules` is imported by its public names, never by a private module."""
    package = RULES.parent
    for path in package.rglob("*.py"):
        if RULES in path.parents:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            modules = [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                modules = [node.module if node.level == 0 else "." * node.level + node.module]
            for module in modules:
                assert "rules._" not in module, f"{path.relative_to(package)} imports {module}"
