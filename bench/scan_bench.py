"""Time to status: from a scanned QR code to the certificate's status on a cheap phone.

    .venv/bin/python bench/scan_bench.py [--runs 5]

Builds the sample catalogue, serves it on localhost and opens a product page in Chromium at
360×740, throttled like a cheap phone on a weak connection (400 kbit/s both ways, 400 ms
latency, CPU 4× slower), with an empty cache each time. The time is from the start of the
navigation until the status script has run on the product page (its `ocop-status` mark): the
status is then what the reader sees. Three ways in:

- direct: the product page's own address, `/p/<id>/`;
- GS1, static host: the code's `/01/<gtin14>`, answered as GitHub Pages and the like do (a
  301 to the folder, then the entry page's meta refresh);
- GS1 + lot, static host: `/01/<gtin14>/10/LOT1`, a form the build writes no page for: the
  host's 404 page, whose script reads the GTIN index and goes on to the product page;
- direct and GS1 through deploy/nginx.conf (one 301 to the page; gzip_static, and
  brotli_static when Debian's libnginx-mod-http-brotli-static is installed). Only when nginx
  is installed (`apt-get install nginx-light libnginx-mod-http-brotli-static`); it is started
  on a loopback port with a copy of the configuration and stopped at the end.

Prints the median and every run, in seconds.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.build import build_site  # noqa: E402
from tools.audit import CHROMIUM, CHROMIUM_ARGS, GzipHandler, serve  # noqa: E402

PHONE = {"width": 360, "height": 740}
NETWORK = {"offline": False, "latency": 400, "downloadThroughput": 400_000 / 8, "uploadThroughput": 400_000 / 8}
CPU_SLOWDOWN = 4
NGINX_PORT = 8471


def phone_page(browser, **options):
    """A new page on the throttled phone, with an empty cache (its context's other options given)."""
    context = browser.new_context(viewport=PHONE, locale="vi-VN", **options)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", NETWORK)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    return context, page


def time_to_status(browser, url: str) -> float:
    context, page = phone_page(browser, bypass_csp=True)  # lets the probe below run
    start = time.perf_counter()
    page.goto(url, wait_until="commit")
    page.wait_for_url("**/p/**", wait_until="commit", timeout=60_000)  # after the redirects, if any
    page.wait_for_function("() => performance.getEntriesByName('ocop-status').length > 0", polling=20, timeout=60_000)
    seconds = time.perf_counter() - start
    context.close()
    return seconds


class NotFoundPage(GzipHandler):
    """A static host that answers a missing file with the site's 404 page, as GitHub Pages does."""

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextlib.contextmanager
def nginx(site: Path, workdir: Path):
    """deploy/nginx.conf on a loopback port, plain HTTP, serving `site`; None without nginx."""
    if not shutil.which("nginx"):
        yield None
        return
    conf = (REPO / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    conf = conf.replace("/srv/ocop/site", str(site))
    conf = re.sub(r"\n    ssl_certificate[^\n]*", "", conf)
    conf = re.sub(r"listen 443 ssl http2;", f"listen 127.0.0.1:{NGINX_PORT};", conf)
    conf = re.sub(r"listen 80;", f"listen 127.0.0.1:{NGINX_PORT + 1};", conf)
    conf = re.sub(r"\n\s*listen \[::\]:\d+[^\n]*", "", conf)
    conf = conf.replace('add_header Strict-Transport-Security "max-age=31536000" always;', "")
    modules = Path("/etc/nginx/modules-enabled")
    if not list(modules.glob("*brotli-static*")):
        conf = conf.replace("brotli_static on;", "")  # the configuration says to, without the module
    (workdir / "tmp").mkdir()
    (workdir / "modules").symlink_to("/usr/lib/nginx/modules")  # where modules-enabled/*.conf say they are
    temp = " ".join(f"{kind}_temp_path {workdir / 'tmp'};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (workdir / "nginx.conf").write_text(
        f"daemon off; pid {workdir / 'nginx.pid'}; error_log {workdir / 'error.log'}; include {modules}/*.conf;\n"
        f"events {{}}\nhttp {{ include /etc/nginx/mime.types; access_log off; {temp}\n{conf}\n}}\n", encoding="utf-8")
    process = subprocess.Popen(["nginx", "-p", str(workdir), "-c", str(workdir / "nginx.conf")])
    try:
        time.sleep(0.5)
        yield f"http://127.0.0.1:{NGINX_PORT}/"
    finally:
        process.terminate()
        process.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        os.chmod(tmp, 0o755)  # nginx's workers run as another user
        root = Path(tmp) / "catalogue"
        root.mkdir()
        shutil.copytree(REPO / "content", root / "content")
        config = (REPO / "site_config.yml").read_text(encoding="utf-8")
        (root / "site_config.yml").write_text(re.sub(r"base_url: \S+", "base_url: https://ocop.example.vn/", config), encoding="utf-8")
        site = build_site(root, root / "site", datetime.date(2026, 11, 29)).out
        products = json.loads((site / "data" / "products.json").read_text(encoding="utf-8"))["products"]
        product = next(p for p in products if p.get("gtin") and p["status"]["code"] == "valid")
        gs1 = product["qr"]["data"].split("/", 3)[3]
        print("load average (1, 5, 15 min) at the start: " + " ".join(f"{load:.2f}" for load in os.getloadavg()))
        print(f"product {product['id']} (GTIN {product['gtin']}); network {NETWORK['downloadThroughput'] * 8 / 1000:.0f} kbit/s, "
              f"{NETWORK['latency']} ms; CPU {CPU_SLOWDOWN}x slower; {args.runs} runs each")
        (Path(tmp) / "nginx").mkdir()
        with serve(site, NotFoundPage) as static, nginx(site, Path(tmp) / "nginx") as proper, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            ways = [("direct", static + f"p/{product['id']}/"), ("GS1, static host", static + gs1),
                    ("GS1 + lot, static host (404 page)", static + gs1 + "/10/LOT1")]
            if proper:
                ways += [("direct, nginx", proper + f"p/{product['id']}/"), ("GS1, nginx", proper + gs1)]
            else:
                print("nginx is not installed: its rows are left out")
            for name, url in ways:
                times = [time_to_status(browser, url) for _ in range(args.runs)]
                print(f"{name:34} {statistics.median(times):5.2f} s   ({', '.join(f'{t:.2f}' for t in times)})")
            browser.close()
    print("load average (1, 5, 15 min) at the end: " + " ".join(f"{load:.2f}" for load in os.getloadavg()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
