"""GS1 Digital Link: every form a package may carry leads to the product page, checked with
GS1's own rules (check digits, the order of key qualifiers), in Python, in deploy/nginx.conf's
maps and in Chromium through the 404 page of a static host."""

import functools
import http.server
import json
import re
import shutil
import threading
from pathlib import Path

import pytest

from conftest import REPO
from generator.gs1 import gtin_of
from tools.audit import GzipHandler

# GTINs with their GS1 check digits: the GS1 Digital Link standard's own example (GTIN-14),
# the fixture's honey (GTIN-13), and well-known GTIN-12 and GTIN-8 examples.
GTIN14, GTIN13, GTIN12, GTIN8 = "09520123456788", "8930000000019", "036000291452", "96385074"
PADDED = {GTIN14: GTIN14, GTIN13: "08930000000019", GTIN12: "00036000291452", GTIN8: "00000096385074"}

VALID = [
    (f"01/{gtin}{tail}", PADDED[gtin])
    for gtin in PADDED
    for tail in ("", "/", "/10/ABC123", "/21/12345", "/22/2A", "/22/2A/10/ABC123/21/12345/", "/10/ABC123/21/12345",
                 "/22/2A/21/12345", "/10/L%2F01", "/21/" + "9" * 20)
]
INVALID = [
    "01/09520123456789",  # wrong check digit
    "01/8930000000018", "01/036000291453", "01/96385075",
    "01/952012345678", "01/9520123456",  # GTIN-12 with a wrong check digit; 10 digits is no GTIN
    "01/0952012345678800",  # 16 digits
    f"01/{GTIN14}/21/12345/10/ABC123",  # qualifiers out of order: 22, then 10, then 21
    f"01/{GTIN14}/10/ABC123/22/2A",
    f"01/{GTIN14}/10/A/10/B",  # a qualifier twice
    f"01/{GTIN14}/99/x",  # not a key qualifier of a GTIN
    f"01/{GTIN14}/10/",  # a qualifier without its value
    f"01/{GTIN14}/21/" + "9" * 21,  # longer than GS1's 20 characters
    f"01/{GTIN14}//", f"01/{GTIN14}/extra",
    f"gtin/{GTIN14}", f"00/{GTIN14}", f"01/{GTIN14[:-1]}x",
]


@pytest.mark.parametrize("path, gtin", VALID)
def test_every_form_names_its_gtin_padded_to_14(path, gtin):
    assert gtin_of(path) == gtin


@pytest.mark.parametrize("path", INVALID)
def test_what_gs1_does_not_allow_names_no_gtin(path):
    assert gtin_of(path) is None


def nginx_gtin(uri: str) -> str | None:
    """What deploy/nginx.conf's first map makes of a URI, read from the file itself."""
    conf = (REPO / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    block = re.search(r"map \$uri \$ocop_gs1_gtin \{(.*?)\n\}", conf, re.S).group(1)
    for pattern, value in re.findall(r'"~(.+?)"\s+(\S+);', block):
        match = re.search(pattern.replace("(?<", "(?P<"), uri)
        if match:
            return value.replace("$g", match["g"])
    return None


@pytest.mark.parametrize("lang", ["", "/en"])
def test_nginx_reads_every_form_as_the_python_rule_does(lang):
    for path, gtin in VALID:
        assert nginx_gtin(f"{lang}/{path}") == gtin, path
    # nginx neither checks digits nor decodes qualifiers: such a GTIN is in no product's line of
    # the map (a wrong check digit), or the product's page is the right one (a long serial).
    lenient = {"01/09520123456789", "01/8930000000018", "01/036000291453", "01/96385075", "01/952012345678", f"01/{GTIN14}/21/" + "9" * 21}
    for path in INVALID:
        found = nginx_gtin(f"{lang}/{path}")
        assert found is None or path in lenient, path
    assert nginx_gtin(f"/p/{GTIN14}") is None and nginx_gtin(f"/fr/01/{GTIN14}") is None


def test_nginx_answers_with_one_redirect_to_the_product_page():
    conf = (REPO / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    assert "include /srv/ocop/site/01/gtins.nginx.map;" in conf
    assert "return 301 /p/$ocop_gs1_product/;" in conf and "return 301 /en/p/$ocop_gs1_product/;" in conf


def test_the_build_writes_the_gtin_index(site):
    assert json.loads((site / "01" / "gtins.json").read_text(encoding="utf-8")) == {"08930000000019": "mat-ong"}
    lines = (site / "01" / "gtins.nginx.map").read_text(encoding="utf-8").splitlines()
    assert lines[1:] == ["08930000000019 mat-ong;"] and lines[0].startswith("#")


class StaticHost(GzipHandler):
    """A static host such as GitHub Pages: the site at /ocop/, and for a missing file its 404
    page, the language section's own."""

    def send_error(self, code, message=None, explain=None):
        path = self.path.split("?")[0]
        if code != 404 or not path.startswith("/ocop/"):
            return super().send_error(code, message, explain)
        page = Path(self.directory) / "ocop" / ("en/404.html" if path.startswith("/ocop/en/") else "404.html")
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@pytest.fixture(scope="module")
def static_host(site, tmp_path_factory):
    folder = tmp_path_factory.mktemp("host")
    shutil.copytree(site, folder / "ocop")
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(StaticHost, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}/ocop/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def host_page(browser, static_host):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize("tail", [
    "", "/", "/10/ABC123", "/21/12345", "/22/2A/10/ABC123/21/12345/", "/10/L%2F01?17=281231", "?11=250101&linkType=gs1:pip",
])
@pytest.mark.parametrize("lang, gtin", [("", "08930000000019"), ("", "8930000000019"), ("en/", "08930000000019"), ("en/", "8930000000019")])
def test_a_static_host_leads_every_form_to_the_product_page(host_page, static_host, lang, gtin, tail):
    host_page.goto(f"{static_host}{lang}01/{gtin}{tail}")
    host_page.wait_for_url(f"{static_host}{lang}p/mat-ong/")
    assert host_page.locator("h1").inner_text() in ("Mật ong rừng thử nghiệm", "Test forest honey")


@pytest.mark.parametrize("lang, note", [
    ("", "Mã sản phẩm (GTIN) 09520123456788 trên bao bì không có trong danh mục này."),
    ("en/", "The product code (GTIN) 09520123456788 on the package is not in this catalogue."),
])
def test_an_unknown_code_gets_the_page_that_says_so_with_the_report_link(host_page, static_host, lang, note):
    host_page.goto(f"{static_host}{lang}01/9520123456788/10/X1")
    host_page.locator("[data-ocop-gs1-unknown]").wait_for(state="visible")
    assert host_page.locator("[data-ocop-gs1-unknown]").inner_text() == note
    assert host_page.locator("#report").is_visible() and host_page.locator('.ocop-report a[href^="tel:"]').count() == 1


def test_a_code_gs1_does_not_allow_gets_the_plain_404_page(host_page, static_host):
    host_page.goto(f"{static_host}01/8930000000018")  # the honey's GTIN with a wrong check digit
    host_page.wait_for_load_state("networkidle")
    assert host_page.url == f"{static_host}01/8930000000018"
    assert host_page.locator("[data-ocop-gs1-unknown]").is_hidden() and host_page.locator("#report").is_visible()


def test_the_script_follows_the_python_rule(host_page, static_host):
    host_page.goto(f"{static_host}404.html")
    paths = [path for path, _ in VALID] + INVALID
    found = host_page.evaluate("paths => paths.map(p => window.ocopGs1.gtinOf(p))", paths)
    assert found == [gtin_of(path) for path in paths]
