"""What the suite's fake HTTP services share: a request handler that logs
nothing, a JSON answer, and serving a `ThreadingHTTPServer` in a thread for
as long as a test needs it."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

# How often a fake's serving loop looks for a shutdown (seconds).
POLL = 0.02


class QuietHandler(BaseHTTPRequestHandler):
    """A fake service's request handler: it keeps the test output clean."""

    def log_message(self, format: str, *args: Any) -> None:
        return None


def send_json(handler: BaseHTTPRequestHandler, status: int, body: Any) -> None:
    data = json.dumps(body).encode()
    handler.send_response(status)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(data)))
    handler.end_headers()
    handler.wfile.write(data)


@contextmanager
def serving(*servers: ThreadingHTTPServer) -> Iterator[None]:
    """The servers answer in their own threads until the block ends."""
    # A short poll: shutdown() waits up to one poll for serve_forever to see
    # it, 0.5 s by default, and the suite starts and stops hundreds of fakes.
    threads = [
        threading.Thread(target=s.serve_forever, kwargs={"poll_interval": POLL}, daemon=True)
        for s in servers
    ]
    for thread in threads:
        thread.start()
    try:
        yield
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()
        for thread in threads:
            thread.join(10)
