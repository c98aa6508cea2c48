"""A real HTTP server on loopback for tests of anything that fetches URLs: routes map paths to answers."""
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Route:
    def __init__(self, body: bytes = b"", status: int = 200, content_type: str = "text/html; charset=utf-8",
                 headers: dict | None = None, delay: float = 0, send_length: bool = True):
        self.body, self.status, self.content_type = body, status, content_type
        self.headers, self.delay, self.send_length = headers or {}, delay, send_length


class LoopbackServer:
    """Serve ``routes`` on 127.0.0.1 in a thread; change routes between requests.

    POSTs are recorded in ``posts`` as (path, headers, body) and answered by the route's status (204
    without one); ``port`` lets a server that was stopped come back at the same address.
    """

    def __init__(self, port: int = 0, host: str = "127.0.0.1"):
        self.routes: dict[str, Route] = {}
        self.hits: list[str] = []
        self.posts: list[tuple[str, dict, bytes]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - the stdlib's name
                server.hits.append(self.path)
                route = server.routes.get(self.path)
                if route is None:
                    self.send_error(404, "Not Found")
                    return
                if route.delay:
                    time.sleep(route.delay)
                self.send_response(route.status)
                if route.content_type:
                    self.send_header("Content-Type", route.content_type)
                for name, value in route.headers.items():
                    self.send_header(name, value)
                if route.send_length:
                    self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                try:
                    self.wfile.write(route.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def do_POST(self):  # noqa: N802 - the stdlib's name
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                server.posts.append((self.path, dict(self.headers), body))
                route = server.routes.get(self.path)
                self.send_response(route.status if route else 204)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer((host, port), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://{host}:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
