"""`./run test --fast` (pytest -m "not slow") leaves out every test that needs a browser, an
outside tool, the sample site or the wheel, and keeps the others."""

import subprocess
import sys

from conftest import REPO


def collected(*args: str) -> set[str]:
    done = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", *args],
                          cwd=REPO, capture_output=True, text=True, check=True)
    return {line for line in done.stdout.splitlines() if "::" in line}


def test_the_fast_tier_leaves_out_browsers_outside_tools_and_the_wheel():
    files = ["tests/test_browser.py", "tests/test_install.py", "tests/test_build.py", "tests/test_site.py", "tests/test_audit.py"]
    every, fast = collected(*files), collected("-m", "not slow", *files)
    assert not any(test.startswith(("tests/test_browser.py", "tests/test_install.py", "tests/test_build.py")) for test in fast)
    assert {test.split("::")[1] for test in every - fast if test.startswith(("tests/test_site.py", "tests/test_audit.py"))} == {
        "test_every_page_is_valid_html",  # the Nu HTML Checker
        "test_the_html_checker_reports_file_line_and_message",
        "test_a_product_page_without_photos_stays_under_80_kb_compressed",  # the sample site
        "test_the_browser_check_weighs_pages_and_catches_requests_elsewhere",  # a browser
    }
