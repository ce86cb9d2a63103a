import datetime
import json
import shutil
from pathlib import Path

import pytest

from generator.build import build_site
from generator.cli import main
from tools.audit import CHROMIUM, CHROMIUM_ARGS, require, serve

REPO = Path(__file__).resolve().parent.parent
FIXTURE = REPO / "tests" / "fixtures" / "catalogue"
AS_OF = datetime.date(2026, 11, 29)
CLOCK_BUILD_DAY = datetime.date(2028, 4, 1)  # the fixture has all four statuses on this day


@pytest.fixture
def catalogue(tmp_path) -> Path:
    """A private copy of the small fixture catalogue, free to break."""
    root = tmp_path / "catalogue"
    shutil.copytree(FIXTURE, root)
    return root


@pytest.fixture
def sample(tmp_path) -> Path:
    """A private copy of the repository's sample catalogue."""
    root = tmp_path / "sample"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "site_config.yml", root)
    return root


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The fixture catalogue built once, statuses as of AS_OF."""
    root = tmp_path_factory.mktemp("built") / "catalogue"
    shutil.copytree(FIXTURE, root)
    return build_site(root, root / "site", AS_OF).out


def browse_file_names(site: Path, lang: str, names: set[str]) -> set[str]:
    """Names of a language's browse files, "area-<place id>" read as that place's area file
    (area-<n>.json, n its number in the index)."""
    areas = [area for area, _ in json.loads((site / "data/search" / lang / "index.json").read_text(encoding="utf-8"))["areas"]]
    return {f"area-{areas.index(name[len('area-'):])}.json" if name.startswith("area-") else name for name in names}


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


@pytest.fixture(scope="session")
def server(site):
    """The built fixture site over HTTP on localhost, gzipped as a real host would."""
    with serve(site) as url:
        yield url


@pytest.fixture(scope="session")
def clock_server(tmp_path_factory):
    """The fixture catalogue built as of CLOCK_BUILD_DAY, over HTTP: for clocks set around it."""
    root = tmp_path_factory.mktemp("clock") / "catalogue"
    shutil.copytree(FIXTURE, root)
    with serve(build_site(root, root / "site", CLOCK_BUILD_DAY).out) as url:
        yield url


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The repository's own sample catalogue, built in a copy."""
    root = tmp_path_factory.mktemp("sample")
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "site_config.yml", root)
    return build_site(root, root / "site", AS_OF).out


@pytest.fixture(scope="session")
def sample_server(sample_site):
    with serve(sample_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    require("chromium")  # every browser test fails saying so when it is missing
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


# What makes a test slow: a browser, or the whole sample catalogue built. A test using one of
# these fixtures is marked `slow` here, so none is forgotten; other slow tests (an outside
# tool, the wheel, repeated builds) carry the mark themselves. `./run test --fast` leaves them out.
SLOW_FIXTURES = {"browser", "sample_site"}


def pytest_collection_modifyitems(items):
    for item in items:
        if SLOW_FIXTURES & set(item.fixturenames):
            item.add_marker(pytest.mark.slow)
