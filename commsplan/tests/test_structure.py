"""The size rules of the code base, measured from the files (production code only):

- no app holds more than 25 % of the project's lines;
- no module is over 700 lines;
- no view function is over 40 lines;
- no function or method is over 80 lines unless its docstring says why («Long because …»).

``STILL_LONG`` lists the functions over their limit that are still to be split; it may only
shrink: a new offender fails, and so does a listed one that has come within its limit (take
it off the list).
"""

import ast
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parents[2]
APP_SHARE = 0.25
MODULE_LINES = 700
VIEW_LINES = 40
FUNCTION_LINES = 80
REASON = "Long because"
SKIPPED_PARTS = {"tests", "migrations", "management"}

STILL_LONG: set[str] = set()


def _apps() -> list[str]:
    return sorted({config.name.split(".")[0] for config in apps.get_app_configs() if Path(config.path).parent == ROOT})


def _modules() -> list[Path]:
    files = []
    for app in _apps():
        for path in (ROOT / app).rglob("*.py"):
            if not SKIPPED_PARTS & set(path.relative_to(ROOT).parts) and not path.name.startswith("test_"):
                files.append(path)
    return files


def _lines(path: Path) -> int:
    return len(path.read_text().splitlines())


def _is_view_module(path: Path) -> bool:
    return path.stem == "views" or path.stem.startswith("views_") or path.parent.name == "views"


def _functions(path: Path):
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node, node.end_lineno - node.lineno + 1


def _offenders() -> dict[str, int]:
    found = {}
    for path in _modules():
        limit = VIEW_LINES if _is_view_module(path) else FUNCTION_LINES
        for node, length in _functions(path):
            top_level_view = _is_view_module(path) and node.col_offset == 0
            over = length > (limit if top_level_view else FUNCTION_LINES)
            if over and REASON not in (ast.get_docstring(node) or ""):
                found[f"{path.relative_to(ROOT).as_posix()}:{node.name}"] = length
    return found


def test_no_app_holds_more_than_a_quarter_of_the_lines():
    by_app = dict.fromkeys(_apps(), 0)
    for path in _modules():
        by_app[path.relative_to(ROOT).parts[0]] += _lines(path)
    total = sum(by_app.values())
    assert total > 0
    too_big = {app: f"{lines / total:.0%}" for app, lines in by_app.items() if lines > APP_SHARE * total}
    assert too_big == {}


def test_no_module_is_over_700_lines():
    too_long = {path.relative_to(ROOT).as_posix(): _lines(path) for path in _modules() if _lines(path) > MODULE_LINES}
    assert too_long == {}


def test_no_new_function_is_over_its_limit():
    new = {name: length for name, length in _offenders().items() if name not in STILL_LONG}
    assert new == {}, "split these (or say in the docstring why they are long)"


def test_the_list_of_functions_still_to_split_only_shrinks():
    assert STILL_LONG - set(_offenders()) == set(), "these are within their limit now: take them off STILL_LONG"
