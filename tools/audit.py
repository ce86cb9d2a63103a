"""The quality audit: build the sample catalogue, serve it gzipped on localhost, check it.

    ./run audit                       (./run test runs it after the test suite)
    .venv/bin/python -m tools.audit [--runs 3] [--report FILE]

It fails (exit 1) on any finding, and prints what it measured:
- every HTML file: the Nu HTML Checker (vnu.jar) finds no error;
- every HTML and CSS file and the sitemap: each internal link, image, script, stylesheet and
  #fragment resolves to a built file; links elsewhere are plain <a> links, never resources;
- the audited pages (home, a list, browse, statistics, a fair, a shop, the 404 page; products valid,
  expired, revoked, with and without photos, without English; both languages), in Chromium at 360x740 and 1280x900: axe-core finds no
  WCAG 2.1 AA violation, no request goes to any host but the site, and the page without its
  photos transfers at most 80 KB;
- the same pages in Lighthouse 12 (mobile defaults), median of --runs: 100 for accessibility,
  best practices and SEO, at least 95 for performance.

The tools come from the npm registry into .cache/npm (./run installs them); Java runs vnu.jar.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import functools
import gzip
import http.server
import io
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parent.parent
NODE_MODULES = REPO / ".cache" / "npm" / "node_modules"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
LIGHTHOUSE = NODE_MODULES / ".bin" / "lighthouse"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"  # Debian's: nothing is ever downloaded
# Without the background-networking flags Chromium keeps calling Google's hosts.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
VIEWPORTS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 900}}
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WEIGHT_BUDGET = 80_000  # bytes on the wire, photos aside
LIGHTHOUSE_MINIMUM = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
COMPRESSED_TYPES = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml",
                    "application/atom+xml", "application/manifest+json")


# --- outside tools --------------------------------------------------------------------------

class MissingTool(RuntimeError):
    """A tool from outside Python that a check runs is not installed."""


# Each outside tool: how to tell it is there (read when asked, so a test can move it), and
# what provides it. ./run installs them all.
TOOLS = {
    "java": (lambda: shutil.which("java") is not None, "runs vnu.jar: Debian's default-jre-headless"),
    "vnu.jar": (lambda: VNU.is_file(), f"the Nu HTML Checker: npm's vnu-jar in {NODE_MODULES.parent.relative_to(REPO)}/"),
    "chromium": (lambda: Path(CHROMIUM).is_file(), f"Debian's chromium at {CHROMIUM}"),
    "axe-core": (lambda: AXE.is_file(), f"npm's axe-core in {NODE_MODULES.parent.relative_to(REPO)}/"),
    "node": (lambda: shutil.which("node") is not None, "runs Lighthouse: Debian's nodejs"),
    "lighthouse": (lambda: LIGHTHOUSE.is_file(), f"npm's lighthouse in {NODE_MODULES.parent.relative_to(REPO)}/"),
}


def require(*names: str) -> None:
    """Fail, naming each missing tool and where it comes from, rather than with the tool's
    own confusing error (or a skipped test passing off as a green one)."""
    missing = [f"{name} ({TOOLS[name][1]})" for name in names if not TOOLS[name][0]()]
    if missing:
        raise MissingTool(f"not installed: {'; '.join(missing)}. `./run test` installs what is missing")


# --- serving --------------------------------------------------------------------------------

class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a built site as a real host would: text compressed when the client asks."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".js": "application/javascript",
                      ".webp": "image/webp", ".svg": "image/svg+xml", ".xml": "application/xml",
                      ".webmanifest": "application/manifest+json"}

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        ctype = self.guess_type(str(path))
        if not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", "") or not ctype.startswith(COMPRESSED_TYPES):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", ctype + ("; charset=utf-8" if ctype.startswith("text/") else ""))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def handle(self):
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the page was closed while a file was on its way (photos the reader left behind)

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(folder: Path, handler: type[GzipHandler] = GzipHandler):
    """The folder over HTTP on a free localhost port; yields its URL."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


# --- links ----------------------------------------------------------------------------------

RESOURCE_ATTRIBUTES = (("a", "href"), ("link", "href"), ("img", "src"), ("img", "srcset"), ("source", "srcset"),
                       ("script", "src"), ("iframe", "src"), ("form", "action"))


def broken_links(site: Path, base_url: str) -> list[str]:
    """Every reference in the built site that does not resolve, as 'file: problem' lines.

    Relative and root-relative URLs, and absolute ones under base_url, must name a built
    file (a folder means its index.html) and, with a #fragment, an id on that page. Any
    other absolute URL may only be the target of an <a> link: http(s), mailto:, tel: or geo:."""
    base_path = urlsplit(base_url).path
    pages = {path: BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser") for path in sorted(site.rglob("*.html"))}
    ids = {path: {node["id"] for node in doc.select("[id]")} | {node["name"] for node in doc.select("a[name]")}
           for path, doc in pages.items()}
    problems = []

    def check(source: Path, kind: str, url: str) -> None:
        where = source.relative_to(site).as_posix()
        page_url = base_url + where
        absolute = urljoin(page_url, url.strip())
        parts = urlsplit(absolute)
        if parts.scheme in ("mailto", "tel") or (parts.scheme == "geo" and kind == "a"):  # geo: a shop's map link
            return
        if not absolute.startswith(base_url):
            if parts.scheme != "https" and parts.scheme != "http":
                problems.append(f"{where}: {kind} {url!r}: scheme {parts.scheme!r} is not allowed")
            elif kind != "a":
                problems.append(f"{where}: {kind} {url!r}: a resource from another host")
            return
        relative = unquote(parts.path[len(base_path):]) if parts.path.startswith(base_path) else None
        target = site / relative if relative is not None else None
        if target is not None and (relative == "" or relative.endswith("/")):
            target = target / "index.html"
        if target is None or not target.is_file():
            problems.append(f"{where}: {kind} {url!r}: no such file")
        elif parts.fragment and target.suffix == ".html" and parts.fragment not in ids[target]:
            problems.append(f"{where}: {kind} {url!r}: no element with id {parts.fragment!r}")

    for path, doc in pages.items():
        for tag, attribute in RESOURCE_ATTRIBUTES:
            for node in doc.find_all(tag, attrs={attribute: True}):
                values = [part.split()[0] for part in node[attribute].split(",") if part.strip()] if attribute == "srcset" else [node[attribute]]
                for value in values:
                    check(path, tag, value)
        for node in doc.select('meta[http-equiv="refresh"]'):
            check(path, "meta refresh", node["content"].split("url=", 1)[1])
    for css in sorted(site.rglob("*.css")):
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", css.read_text(encoding="utf-8")):
            if not url.startswith("data:"):
                check(css, "css", url)
    for sitemap in sorted(site.glob("sitemap.xml")):
        for url in re.findall(r"<loc>(.*?)</loc>", sitemap.read_text(encoding="utf-8")):
            check(sitemap, "sitemap", url)
    return problems


# --- HTML validity --------------------------------------------------------------------------

def html_errors(site: Path) -> list[str]:
    """The Nu HTML Checker's errors over every HTML file, as 'file:line: message' lines."""
    require("java", "vnu.jar")
    run = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--skip-non-html", "--format", "json", str(site)],
                         capture_output=True, text=True)
    messages = json.loads(run.stderr or '{"messages": []}')["messages"]
    if run.returncode and not messages:
        raise RuntimeError(f"vnu.jar failed: {run.stderr[-500:]}")
    return [f"{unquote(urlsplit(m['url']).path)[len(str(site)) + 1:]}:{m.get('lastLine', '?')}: {m['message']}" for m in messages]


# --- pages in a browser ---------------------------------------------------------------------

@dataclass
class PageCheck:
    path: str
    viewport: str
    bytes: int = 0  # transferred, photos aside
    photo_bytes: int = 0
    elsewhere: list[str] = field(default_factory=list)  # requests to other hosts
    violations: list[str] = field(default_factory=list)  # axe rule ids with their first targets
    errors: list[str] = field(default_factory=list)  # console errors and failed requests


def check_in_browser(url: str, paths: list[str], viewports=tuple(VIEWPORTS), browser=None) -> list[PageCheck]:
    """Load each page cold at each viewport (phone and desktop); measure it, run axe-core on it.
    Uses `browser` (a Playwright Chromium) if given, else launches Debian's Chromium."""
    require("axe-core", *([] if browser else ["chromium"]))
    if browser is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                return check_in_browser(url, paths, viewports, chromium)
            finally:
                chromium.close()
    axe = AXE.read_text(encoding="utf-8")
    return [check_page(browser, url, path, viewport, VIEWPORTS[viewport], axe) for viewport in viewports for path in paths]


def check_page(browser, url: str, path: str, viewport: str, size: dict, axe: str) -> PageCheck:
    check = PageCheck(path, viewport)
    context = browser.new_context(viewport=size)  # a new context: an empty cache, as for a first visit
    page = context.new_page()
    responses = []
    page.on("request", lambda request: None if request.url.startswith(url) else check.elsewhere.append(request.url))
    page.on("requestfailed", lambda request: check.errors.append(f"failed: {request.url}"))
    page.on("response", lambda response: responses.append(response))
    page.on("console", lambda message: check.errors.append(message.text) if message.type == "error" else None)
    page.goto(url + path, wait_until="networkidle")
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")  # lazy photos load too, and are set apart
    page.wait_for_load_state("networkidle")
    for response in responses:
        sizes = response.request.sizes()
        size_on_wire = sizes["responseBodySize"] + sizes["responseHeadersSize"]
        if urlsplit(response.url).path.startswith("/img/"):
            check.photo_bytes += size_on_wire
        else:
            check.bytes += size_on_wire
        if response.status >= 400:
            check.errors.append(f"HTTP {response.status}: {response.url}")
    # axe is injected for the check only: the site's own CSP would refuse it, rightly.
    context.close()
    context = browser.new_context(viewport=size, bypass_csp=True)
    page = context.new_page()
    page.goto(url + path, wait_until="networkidle")
    page.add_script_tag(content=axe)
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA)
    check.violations = [f"{v['id']} at {', '.join(n['target'][0] for n in v['nodes'][:3])}" for v in result["violations"]]
    context.close()
    return check


# --- Lighthouse -----------------------------------------------------------------------------

def lighthouse_scores(url: str, runs: int) -> dict[str, list[int]]:
    """Each category's score (0-100) in each of `runs` Lighthouse runs, mobile defaults."""
    require("node", "lighthouse", "chromium")
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    scores: dict[str, list[int]] = {}
    with tempfile.TemporaryDirectory() as folder:
        for run in range(runs):
            report = Path(folder) / f"{run}.json"
            for _ in range(2):  # its Chrome fails now and then (one run of 50 in CI, fine again at once): once more
                done = subprocess.run([str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
                                       f"--chrome-flags={flags}", "--only-categories=" + ",".join(LIGHTHOUSE_MINIMUM)],
                                      env={**os.environ, "CHROME_PATH": CHROMIUM}, capture_output=True, text=True)
                if done.returncode == 0:
                    break
            else:
                raise SystemExit(f"audit: Lighthouse failed twice on {url}: {(done.stderr.strip().splitlines() or ['no message'])[-1]}")
            categories = json.loads(report.read_text(encoding="utf-8"))["categories"]
            for name, category in categories.items():
                scores.setdefault(name, []).append(round((category["score"] or 0) * 100))
    return scores


# --- the audit ------------------------------------------------------------------------------

def audited_pages(catalogue, as_of: datetime.date) -> dict[str, str]:
    """Label -> page path: the pages the issue names, picked from the catalogue by what they show."""
    from generator.status import EXPIRED, REVOKED, certificate_status

    rules = catalogue.config.certification

    def first(label: str, wanted) -> tuple[str, str]:
        for record in catalogue.records:
            status = certificate_status(record.product.certification, as_of, rules.validity_months, rules.expiring_soon_days)
            if wanted(record.product, status):
                return label, f"p/{record.id}/"
        raise SystemExit(f"audit: the catalogue has no product that is {label}")

    group = sorted(catalogue.groups)[0]
    products = [
        first("valid, photos", lambda p, s: s.usable and p.images),
        first("valid, no photos", lambda p, s: s.usable and not p.images),
        first("expired", lambda p, s: s.code == EXPIRED),
        first("revoked", lambda p, s: s.code == REVOKED),
        first("no English", lambda p, s: p.name.en is None),
    ] if catalogue.records else []  # a new catalogue (ocop init) has no product pages yet
    chosen = dict([
        ("home", ""), ("list", f"groups/{group}/"), ("browse", "browse/"), ("statistics", "stats/"),
        *products,
        *([("fair", f"fairs/{min(catalogue.fairs)}/")] if catalogue.fairs else []),
        *([("shop", f"shops/{min(catalogue.shops)}/")] if catalogue.shops else []),
        ("not found", "404.html"), ("offline", "offline/"),
    ])
    config = catalogue.config
    return {f"{label} ({lang})": config.prefix(lang) + path for lang in config.languages for label, path in chosen.items()}


# Lighthouse takes ~15 s a run: every page in the first two languages; in the others, the pages
# whose text differs most (their scripts, the fallback note), not every layout again.
LIGHTHOUSE_OTHER_LANGUAGES = ("browse", "valid, photos", "no English")


def lighthouse_pages(catalogue, pages: dict[str, str]) -> dict[str, str]:
    languages = catalogue.config.languages
    every_page = tuple(f"({lang})" for lang in languages[:2])
    wanted = {f"{label} ({lang})" for label in LIGHTHOUSE_OTHER_LANGUAGES for lang in languages}
    return {label: path for label, path in pages.items() if label.endswith(every_page) or label in wanted}


def not_for_search_engines(site: Path, path: str) -> bool:
    """The page asks not to be indexed (the offline page): Lighthouse's SEO score, which fails
    such a page on purpose, is reported but not required of it."""
    file = site / path / "index.html" if path.endswith("/") or not path else site / path
    return '<meta name="robots" content="noindex">' in file.read_text(encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="audit", description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=REPO, help="the catalogue to audit (default: the sample; an empty one, as ocop init makes it, is audited without product pages)")
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page; the median counts (default 3)")
    parser.add_argument("--report", type=Path, help="also write the report (Markdown) to this file")
    args = parser.parse_args(argv)
    try:
        require(*TOOLS)
    except MissingTool as e:
        raise SystemExit(f"audit: {e}") from None

    from generator.build import build_site
    from generator.cli import build_date
    from generator.validate import load_catalogue

    as_of = build_date()
    lines: list[str] = []
    failures: list[str] = []

    def say(line: str = "") -> None:
        print(line, flush=True)
        lines.append(line)

    with tempfile.TemporaryDirectory(prefix="ocop-audit-") as folder:
        site = build_site(args.root.resolve(), Path(folder) / "site", as_of).out
        catalogue, _ = load_catalogue(args.root.resolve())  # valid: it just built
        base_url = catalogue.config.base_url
        pages = audited_pages(catalogue, as_of)
        say(f"# Audit of {args.root.resolve().name}, statuses as of {as_of}")
        say()
        html_files = len(list(site.rglob("*.html")))
        for name, found in (("Nu HTML Checker", html_errors(site)), ("links", broken_links(site, base_url))):
            say(f"{name}: {len(found)} problem(s) in {html_files} HTML files")
            failures += [f"{name}: {line}" for line in found]
        with serve(site) as url:
            say()
            say("| page | path | phone KB | desktop KB | photos KB | axe | elsewhere |")
            say("|---|---|---:|---:|---:|---|---|")
            checks = {(c.path, c.viewport): c for c in check_in_browser(url, list(pages.values()))}
            for label, path in pages.items():
                phone, desktop = checks[path, "phone"], checks[path, "desktop"]
                say(f"| {label} | /{path} | {phone.bytes / 1000:.1f} | {desktop.bytes / 1000:.1f} | "
                    f"{max(phone.photo_bytes, desktop.photo_bytes) / 1000:.0f} | "
                    f"{len(phone.violations) + len(desktop.violations)} | {len(phone.elsewhere) + len(desktop.elsewhere)} |")
                for check in (phone, desktop):
                    where = f"/{path} ({check.viewport})"
                    failures += [f"axe {where}: {v}" for v in check.violations]
                    failures += [f"request elsewhere {where}: {u}" for u in check.elsewhere]
                    failures += [f"browser {where}: {e}" for e in check.errors]
                    if check.bytes > WEIGHT_BUDGET:
                        failures.append(f"weight {where}: {check.bytes} bytes, over the {WEIGHT_BUDGET} budget")
            say()
            say(f"Lighthouse 12, mobile, median of {args.runs} (min-max):")
            say()
            say("| page | " + " | ".join(LIGHTHOUSE_MINIMUM) + " |")
            say("|---|" + "---:|" * len(LIGHTHOUSE_MINIMUM))
            for label, path in lighthouse_pages(catalogue, pages).items():
                scores = lighthouse_scores(url + path, args.runs)
                cells = []
                for category, minimum in LIGHTHOUSE_MINIMUM.items():
                    median = statistics.median(scores[category])
                    cells.append(f"{median:g} ({min(scores[category])}-{max(scores[category])})")
                    if category == "seo" and not_for_search_engines(site, path):
                        cells[-1] += " noindex"  # SEO scores how a page fares in search: not asked of this one
                    elif median < minimum:
                        failures.append(f"lighthouse /{path}: {category} {median:g}, below {minimum}")
                say(f"| {label} | " + " | ".join(cells) + " |")
    say()
    say(f"{len(failures)} finding(s)" + (":" if failures else "."))
    for failure in failures:
        say("  " + failure)
    if args.report:
        args.report.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
