import datetime
import shutil
from pathlib import Path

import pytest

from generator.build import build_site
from generator.cli import main

FIXTURE = Path(__file__).parent / "fixtures" / "catalogue"
AS_OF = datetime.date(2026, 11, 29)


@pytest.fixture
def catalogue(tmp_path) -> Path:
    """A private copy of the small fixture catalogue, free to break."""
    root = tmp_path / "catalogue"
    shutil.copytree(FIXTURE, root)
    return root


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The fixture catalogue built once, statuses as of AS_OF."""
    root = tmp_path_factory.mktemp("built") / "catalogue"
    shutil.copytree(FIXTURE, root)
    return build_site(root, root / "site", AS_OF).out


@pytest.fixture
def ocop(capsys):
    """Run the `ocop` command in-process: returns (exit code, stdout lines, stderr lines)."""

    def run(*args: str) -> tuple[int, list[str], list[str]]:
        try:
            code = main([str(a) for a in args])
        except SystemExit as e:  # argparse's usage errors
            code = e.code
        out, err = capsys.readouterr()
        return code, out.splitlines(), err.splitlines()

    return run
