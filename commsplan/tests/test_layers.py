"""The layer contract (.importlinter) catches a back edge between apps, and covers every app
of ours. CI runs the contract on the real tree (`make lint`); these tests prove that it can fail."""

import configparser
import shutil
import subprocess
import sys
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _contract() -> configparser.ConfigParser:
    config = configparser.ConfigParser()
    config.read(ROOT / ".importlinter")
    return config


def _root_packages() -> list[str]:
    return _contract()["importlinter"]["root_packages"].split()


def _copy_tree(target: Path) -> None:
    """Copy our packages' Python files (and the contract) into ``target``."""
    for package in _root_packages():
        for source in (ROOT / package).rglob("*.py"):
            destination = target / source.relative_to(ROOT)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, destination)
    shutil.copyfile(ROOT / ".importlinter", target / ".importlinter")


def _lint(tree: Path) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own command lines, no user input
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=tree,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_a_back_edge_from_a_lower_app_fails_the_contract_and_is_named(tmp_path):
    _copy_tree(tmp_path)
    periods = tmp_path / "indicators" / "periods.py"
    periods.write_text(periods.read_text() + "\nfrom dashboards import views  # a back edge\n")
    result = _lint(tmp_path)
    assert result.returncode != 0
    assert "indicators is not allowed to import dashboards" in result.stdout
    assert "indicators.periods -> dashboards.views" in result.stdout


def test_an_import_between_siblings_fails_the_contract(tmp_path):
    _copy_tree(tmp_path)
    services = tmp_path / "crisis" / "services.py"
    services.write_text(services.read_text() + "\nimport campaigns.models  # siblings stay independent\n")
    result = _lint(tmp_path)
    assert result.returncode != 0
    assert "crisis.services -> campaigns.models" in result.stdout


def test_every_app_of_ours_is_in_the_contract():
    ours = {
        config.name.split(".")[0]
        for config in apps.get_app_configs()
        if Path(config.path).parent == ROOT  # our apps live at the top of the repository
    }
    assert ours
    layered = set(_root_packages())
    assert ours <= layered, f"apps outside the layer contract: {sorted(ours - layered)}"
