"""Time to the first screen of browse results with N products, on a cheap phone.

    .venv/bin/python bench/browse_screen_bench.py [--products 20000] [--runs 5]

Builds the sample catalogue, then puts in its browse data (Vietnamese and English) that of a
synthetic catalogue of N products, made as browse_data_bench.py makes them (every record its
own name and story), so the browse page works on N products without building N product
pages. Then opens the browse page in Chromium with scan_bench.py's phone (360×740,
400 kbit/s both ways, 400 ms latency, CPU 4× slower, empty cache), the site served
compressed on localhost, and times from the start of the navigation until the first screen of
results is there (the view in the address drawn down to the screen's bottom edge, or whole
if shorter, and the page painted): with no query (the products in force, as a visitor first
sees them: the page's own HTML) and with a two-word query in the address (a shared link: drawn
by its script from the data; two words of one product's name that are not too common to be
looked for, so the results are spread over the catalogue as a real search's are). Prints the
median and every run, in seconds.
"""

from __future__ import annotations

import argparse
import datetime
import json
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from browse_data_bench import vary  # noqa: E402
from scale_bench import make_catalogue  # noqa: E402
from scan_bench import CPU_SLOWDOWN, NETWORK, phone_page  # noqa: E402
from generator import images, search  # noqa: E402
from generator.cache import CACHE_DIR, Cache  # noqa: E402
from generator.build import build_site  # noqa: E402
from generator.render import Renderer  # noqa: E402
from generator.text import search_terms  # noqa: E402
from generator.validate import IMAGES_DIR, load_catalogue  # noqa: E402
from tools.audit import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
AS_OF = datetime.date(2026, 11, 29)
# The view in the address (the page's own when nothing is asked, else the one its script draws)
# drawn down to the screen's bottom edge, or whole, and the page painted.
SHOWN = """() => {
  const list = document.getElementById('ocop-results');
  return list && !list.hidden && list.querySelector('.ocop-card')
    && list.dataset.view === new URLSearchParams(location.search).toString()
    && (!list.hasAttribute('aria-busy') || list.lastElementChild.getBoundingClientRect().bottom >= innerHeight)
    && performance.getEntriesByName('first-contentful-paint').length > 0;
}"""
CONFIG = re.compile(r'(<script type="application/json" id="ocop-browse-config">)(.*?)(</script>)', re.S)


def time_to_results(browser, url: str) -> float:
    context, page = phone_page(browser, service_workers="block")  # a first visit
    start = time.perf_counter()
    page.goto(url, wait_until="commit")
    page.wait_for_function(SHOWN, polling=20, timeout=120_000)
    seconds = time.perf_counter() - start
    context.close()
    return seconds


def sample_with_synthetic_data(tmp: Path, products: int) -> tuple[Path, str]:
    """The sample site, its browse data (and the browse pages' keys of it) replaced by those of
    `products` synthetic ones; and a two-word query from one of their names."""
    root = tmp / "sample"
    root.mkdir()
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "site_config.yml", root)
    site = build_site(root, root / "site", AS_OF).out
    synthetic = make_catalogue(tmp, products)
    vary(synthetic)
    catalogue, _ = load_catalogue(synthetic)
    photos = {i.src: images.render(synthetic / IMAGES_DIR / i.src, Cache(synthetic / CACHE_DIR)) for r in catalogue.records for i in r.product.images}
    query = ""
    for lang, browse in (("vi", site / "browse/index.html"), ("en", site / "en/browse/index.html")):
        folder = site / "data" / "search" / lang
        shutil.rmtree(folder)
        folder.mkdir()
        renderer = Renderer(catalogue, photos, {}, AS_OF, lang)
        files = search.browse_files(renderer)
        for name, content in files.items():
            (folder / name).write_bytes(content)
        html = browse.read_text(encoding="utf-8")
        found = CONFIG.search(html)
        assert found, browse
        config = json.loads(found.group(2)) | {"lookup": search.lookup(files)}
        config_json = json.dumps(config, ensure_ascii=False).replace("<", "\\u003c")
        browse.write_text(html[: found.start(2)] + config_json + html[found.end(2) :], encoding="utf-8")
        if lang == "vi":  # two words of a product's name, as someone who saw it would type them
            common = set(search.lookup(files)["common"])
            for record in catalogue.records[len(catalogue.records) // 2 :]:
                words = [w for w in re.findall(r"\w{3,}", renderer.text(record.product.name).text) if not w.isdigit() and search_terms(w)[0] not in common]
                if len(words) >= 2:
                    query = " ".join(words[:2])
                    break
    return site, query


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        site, query = sample_with_synthetic_data(Path(tmp), args.products)
        print(f"{args.products:,} products; network {NETWORK['downloadThroughput'] * 8 / 1000:.0f} kbit/s, {NETWORK['latency']} ms; "
              f"CPU {CPU_SLOWDOWN}x slower; {args.runs} runs each")
        with serve(site) as url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for name, path in (("browse, no query", "browse/"), (f"browse, query {query!r}", f"browse/?q={quote(query)}"),
                               ("browse (en), no query", "en/browse/")):
                times = [time_to_results(browser, url + path) for _ in range(args.runs)]
                print(f"{name:40} {statistics.median(times):5.2f} s   ({', '.join(f'{t:.2f}' for t in times)})")
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
