"""`ocop serve`'s server: MkDocs' live-reload server, answering only to its own address.

A page on another site could otherwise reach the preview through a host name that resolves
to 127.0.0.1 (DNS rebinding): requests whose Host is not ours are refused. The reload script
is a file of ours (an inline one would be blocked by the pages' own CSP).

The site's service worker is not served: a preview must show every edit at once, never a
copy saved by the worker. In its place, a worker that empties the caches and removes itself
(also a worker left by a built site served earlier on the same port).
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.livereload import LiveReloadServer

from .offline import WORKER

SCRIPT = "/.ocop-livereload.js"
SCRIPT_SOURCE = (Path(__file__).parent / "livereload.js").read_bytes()
NO_WORKER = b"""// ocop serve: no offline copies while previewing.
self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) { return Promise.all(names.map(function (name) { return caches.delete(name); })); })
    .then(function () { return self.registration.unregister(); }));
});
"""


class PreviewServer(LiveReloadServer):
    def __init__(self, builder, port: int, root: Path):
        super().__init__(builder=builder, host="127.0.0.1", port=port, root=str(root))
        self.hosts = {f"127.0.0.1:{port}", f"localhost:{port}"}

    def serve_request(self, environ, start_response):
        if environ.get("HTTP_HOST", "").lower() not in self.hosts:
            start_response("403 Forbidden", [("Content-Type", "text/plain; charset=utf-8")])
            return [f"ocop serve answers only at http://127.0.0.1:{self.server_port}/\n".encode()]
        if environ["PATH_INFO"] == SCRIPT:
            start_response("200 OK", [("Content-Type", "text/javascript"), ("Cache-Control", "no-store")])
            return [SCRIPT_SOURCE]
        if environ["PATH_INFO"] == "/" + WORKER:
            start_response("200 OK", [("Content-Type", "text/javascript"), ("Cache-Control", "no-store")])
            return [NO_WORKER]
        return super().serve_request(environ, start_response)

    def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
        at = content.rfind(b"</body>")
        at = len(content) if at < 0 else at
        return content[:at] + f'<script src="{SCRIPT}?epoch={epoch}"></script>'.encode() + content[at:]
