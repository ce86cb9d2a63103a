"""The browse page carries its first script inline: ocop-search.js asks for the data of a view
in the address (a shared search) while the page is still arriving, which on a slow phone is
half a second before a linked script could (docs: bench/README.md, "A search link").

The page's Content-Security-Policy names the script by its hash, so it stays true that no
inline script but ours can run: record text cannot. A page from a catalogue's own theme that
does not link the script as ours does, or has no policy to name it in, is left as it is: the
linked script runs after ocop-browse.js, which waits for it.
"""

from __future__ import annotations

import re
from pathlib import Path

from . import page_css

SCRIPT_SRC = "script-src 'self'"
# The templates whose pages carry a script inline, and that script (a file of theme/assets/).
INLINED = {"browse.html": "ocop-search.js"}
# What would end the element early, or change how its text is read: such a script stays linked.
CLOSES = re.compile(r"</script|<!--", re.IGNORECASE)


def inline_script(html: str, theme: Path, name: str) -> str:
    """`html` with its `<script src=".../assets/<name>?v=..." defer></script>` replaced by the
    script's text (the URL kept as data-src), and the policy's script-src naming that text's hash."""
    tag = re.compile(rf'<script src="([^"]*assets/{re.escape(name)}\?v=[0-9a-f]+)" defer></script>')
    if len(tag.findall(html)) != 1 or html.count(SCRIPT_SRC) != 1:
        return html
    text = (theme / "assets" / name).read_text(encoding="utf-8")  # the file the tag names (asset_urls)
    if CLOSES.search(text):
        return html
    html = html.replace(SCRIPT_SRC, f"{SCRIPT_SRC} {page_css.hash_source(text)}")
    # data-src: the file, which the service worker saves and ocop-browse.js asks for when a
    # host's policy refuses the inline copy
    return tag.sub(lambda found: f'<script data-src="{found.group(1)}">{text}</script>', html)
