"""WCAG 2.1 AA with axe-core in Chromium, at phone and desktop size, on the sample catalogue."""

import pytest

from conftest import REPO

AXE = REPO / ".cache/npm/node_modules/axe-core/axe.min.js"  # installed by ./run test
PAGES = ["", "en/", "p/den-long-hoi-an/", "en/p/den-long-hoi-an/", "p/tra-la-vang/", "p/nuoc-mam-cua-khe/",
         "en/p/mat-ong-tien-phuoc/", "en/p/ruou-can-co-tu/", "browse/", "en/browse/", "groups/thuc-pham/",
         "areas/", "stats/", "fairs/hoi-an-2026/", "404.html"]


@pytest.mark.parametrize("viewport", [{"width": 360, "height": 740}, {"width": 1280, "height": 900}], ids=["phone", "desktop"])
def test_no_accessibility_violations(browser, sample_server, viewport):
    axe = AXE.read_text(encoding="utf-8")
    context = browser.new_context(viewport=viewport, bypass_csp=True)  # to inject axe itself
    page = context.new_page()
    found = {}
    for path in PAGES:
        page.goto(sample_server + path)
        page.wait_for_load_state("networkidle")
        page.add_script_tag(content=axe)
        result = page.evaluate("axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})")
        for violation in result["violations"]:
            found[(path, violation["id"])] = [node["target"] for node in violation["nodes"]][:3]
    context.close()
    assert found == {}
