"""The image's HEALTHCHECK script (deploy/docker/healthcheck.sh) against real HTTP servers on
loopback: healthy only while GET /readyz answers 200, unhealthy on 503 and when nothing listens.

    python3 healthcheck_test.py deploy/docker/healthcheck.sh
"""
import contextlib
import http.server
import os
import socket
import subprocess
import sys
import threading
import unittest

SCRIPT = sys.argv.pop(1) if len(sys.argv) > 1 else "deploy/docker/healthcheck.sh"


@contextlib.contextmanager
def serving(readyz_status):
    """The port of an HTTP server on loopback answering /readyz with readyz_status."""

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            status = readyz_status if self.path == "/readyz" else 404
            body = b'{"status":"x"}'
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


def probe(port):
    env = dict(os.environ, HTTP_PORT=str(port))
    return subprocess.run(["bash", SCRIPT], env=env, capture_output=True, timeout=30).returncode


class HealthcheckTest(unittest.TestCase):
    def test_ready_service_is_healthy(self):
        with serving(200) as port:
            self.assertEqual(probe(port), 0)

    def test_unready_service_is_unhealthy(self):
        with serving(503) as port:
            self.assertNotEqual(probe(port), 0)

    def test_nothing_listening_is_unhealthy(self):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.assertNotEqual(probe(port), 0)


if __name__ == "__main__":
    unittest.main()
