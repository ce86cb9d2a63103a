"""The package installs anywhere: the wheel, in a fresh virtual environment, builds a new
catalogue in a folder outside the repository with the theme it carries."""

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import REPO

pytestmark = pytest.mark.slow  # a wheel built, a virtual environment made, two builds

OPTIONS = ["--title-vi", "Sản phẩm OCOP Đà Nẵng", "--base-url", "https://ocop.example.vn/", "--owner-vi", "Văn phòng Điều phối OCOP",
           "--phone", "0236 3000 000"]


def run(*args, cwd: Path) -> str:
    done = subprocess.run([str(a) for a in args], cwd=cwd, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": "", "PYTHONDONTWRITEBYTECODE": "1"})
    assert done.returncode == 0, f"{args} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def test_the_wheel_builds_a_catalogue_outside_the_repository(tmp_path):
    # The wheel is built from a copy of the sources, so the build writes nothing into the
    # repository, and with this environment's setuptools, so it needs no network.
    source = tmp_path / "source"
    source.mkdir()
    shutil.copy(REPO / "pyproject.toml", source)
    for folder in ("generator", "theme"):
        shutil.copytree(REPO / folder, source / folder, ignore=shutil.ignore_patterns("__pycache__"))
    run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "--no-index", "-w", tmp_path / "dist", source, cwd=tmp_path)
    [wheel] = (tmp_path / "dist").glob("ocop_catalogue-*.whl")

    # A fresh environment with the wheel alone. Its dependencies are those of this environment:
    # a .pth file puts this environment's site-packages after the fresh one's on sys.path, so
    # nothing is downloaded. Only the folder is added, not its .pth files: the editable
    # install of this repository is not seen, the wheel's `generator` is.
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp_path)
    python = venv / "bin" / "python"
    fresh = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))", cwd=tmp_path).strip())
    (fresh / "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    run(sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps", "--no-index", wheel, cwd=tmp_path)
    installed = run(python, "-c", "import generator.engine as e; print(e.__file__); print(e.DEFAULT_THEME)", cwd=tmp_path).split()
    assert installed == [str(fresh / "generator" / "engine.py"), str(fresh / "generator" / "theme")]

    # A new catalogue, written and built by the installed command, in a folder of its own.
    work = tmp_path / "elsewhere"
    work.mkdir()
    ocop = venv / "bin" / "ocop"
    run(ocop, "init", "da-nang", *OPTIONS, cwd=work)
    built = run(ocop, "--root", "da-nang", "build", "--date", "2026-11-29", cwd=work)
    assert built.startswith("built 0 products, ")
    site = work / "da-nang" / "site"
    home = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert home.title.string.endswith("Sản phẩm OCOP Đà Nẵng")
    assert (site / "assets" / "ocop-browse.js").read_bytes() == (REPO / "theme" / "assets" / "ocop-browse.js").read_bytes()
    stylesheets = [link["href"] for link in home.find_all("link", rel="stylesheet")]
    assert any("ocop.css" in href for href in stylesheets), stylesheets

    # The catalogue's own theme/ still takes the place of the packaged one.
    shutil.copytree(fresh / "generator" / "theme", work / "da-nang" / "theme")
    css = work / "da-nang" / "theme" / "assets" / "ocop.css"
    css.write_text(css.read_text(encoding="utf-8") + "/* our own theme */\n", encoding="utf-8")
    run(ocop, "--root", "da-nang", "build", "--date", "2026-11-29", cwd=work)
    assert (site / "assets" / "ocop.css").read_bytes() == css.read_bytes()
