"""The simulator's HTTPS server on loopback: one thread, each request handed to the provider
handler whose path prefix it matches (404 otherwise)."""

from __future__ import annotations

import logging
import ssl
import threading
import time
from collections.abc import Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType

from pos.adapters.provider_sim.base import Handler, SimRequest, SimResponse
from pos.adapters.provider_sim.ca import TestAuthority, test_authority

log = logging.getLogger(__name__)


class ProviderSimulator:
    def __init__(self, handlers: Sequence[Handler], directory: Path, *,
                 host: str = "127.0.0.1", port: int = 0) -> None:
        self.handlers = tuple(handlers)
        self.authority: TestAuthority = test_authority(directory)
        self._server = ThreadingHTTPServer((host, port), _request_handler(self))
        self._server.daemon_threads = True
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.authority.cert_file, self.authority.key_file)
        self._server.socket = context.wrap_socket(self._server.socket, server_side=True)
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"https://{host!s}:{port}"

    def start(self) -> str:
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        name="provider-simulator", daemon=True)
        self._thread.start()
        return self.url

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join()

    def __enter__(self) -> ProviderSimulator:
        self.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.stop()

    def answer(self, request: SimRequest) -> SimResponse:
        path = request.target.split("?", 1)[0]
        for handler in self.handlers:
            if path.startswith(handler.prefixes):
                return handler.handle(request)
        return SimResponse(404, b'{"code":"NOT_FOUND","message":"no such path"}',
                           {"Content-Type": "application/json"})


def _request_handler(simulator: ProviderSimulator) -> type[BaseHTTPRequestHandler]:
    class Answer(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            self._answer()

        def do_POST(self) -> None:
            self._answer()

        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            request = SimRequest(self.command, self.path,
                                 {k.lower(): v for k, v in self.headers.items()},
                                 self.rfile.read(length) if length else b"")
            response = simulator.answer(request)
            if response.delay:
                time.sleep(response.delay)
            if response.lost:
                self.close_connection = True
                return
            self.send_response(response.status)
            for name, value in response.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(response.body)))
            self.end_headers()
            self.wfile.write(response.body)

        def log_message(self, format: str, *args: object) -> None:
            log.debug("provider simulator: " + format, *args)

    return Answer
