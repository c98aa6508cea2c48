"""Debian's nginx with the shipped proxy settings (deploy/nginx) in front of gunicorn with the shipped
config (deploy/gunicorn) on a unix socket: clients sending their bodies a byte at a time hold no worker,
so readers are answered while they dribble on (straight to gunicorn, the same clients stall every
reader); and a forged X-Forwarded-For reaches the app as the address nginx saw, so it cannot escape
the login lockout. The shipped configs and docs never bind gunicorn to every interface."""
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import UserFactory
from tests.workers import subprocess_env, wait_until

DEPLOY = Path(settings.BASE_DIR) / "deploy"
SLOW_CLIENTS = 6  # three times gunicorn's workers here


def _nginx_config(tmp_path: Path, port: int, upstream: str) -> Path:
    """An nginx configuration for this test: loopback, its temp dir, and the shipped proxy settings."""
    temp = {name: tmp_path / f"nginx-{name}" for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    for path in temp.values():
        path.mkdir()
    # master_process off: one process as whoever runs the suite, so it can reach the socket in tmp_path.
    config = tmp_path / "nginx.conf"
    config.write_text(f"""
daemon off; master_process off; worker_processes 1; pid {tmp_path}/nginx.pid; error_log {tmp_path}/nginx.log warn;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {temp["body"]}; proxy_temp_path {temp["proxy"]}; fastcgi_temp_path {temp["fastcgi"]};
    uwsgi_temp_path {temp["uwsgi"]}; scgi_temp_path {temp["scgi"]};
    upstream crosscheck {{ server {upstream}; }}
    server {{
        listen 127.0.0.1:{port};
        include {DEPLOY / "nginx" / "crosscheck-proxy.conf"};
    }}
}}
""")
    return config


def _connect(address) -> socket.socket:
    if isinstance(address, str):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.connect(address)
        return sock
    return socket.create_connection(address)


def _exchange(address, request: bytes, timeout: float) -> tuple[int, bytes]:
    """Send one request; return the answer's status and whole text."""
    with _connect(address) as sock:
        sock.settimeout(timeout)
        sock.sendall(request)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return int(answer.split(b" ", 2)[1]), answer


def _get(address, path: str, timeout: float = 15) -> int:
    return _exchange(address, f"GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".encode(),
                     timeout)[0]


class SlowClients:
    """Clients that send a login's headers, then its body one byte every half second, until stopped."""

    def __init__(self, address, count: int):
        self.stopped, self.sockets = threading.Event(), []
        for _ in range(count):
            sock = _connect(address)
            sock.sendall(b"POST /api/v1/auth/token/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                         b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\n")
            self.sockets.append(sock)
        self.thread = threading.Thread(target=self._dribble, daemon=True)
        self.thread.start()

    def _dribble(self):
        while not self.stopped.wait(0.5):
            for sock in self.sockets:
                try:
                    sock.sendall(b"u")
                except OSError:
                    pass

    def stop(self):
        self.stopped.set()
        self.thread.join()
        for sock in self.sockets:
            sock.close()


@pytest.fixture
def proxied_app(transactional_db, tmp_path):
    """gunicorn (deploy/gunicorn, two workers) on a unix socket, and nginx (deploy/nginx) in front on loopback."""
    if not shutil.which("nginx"):
        if os.environ.get("CI") == "true":
            pytest.fail("nginx is missing in CI: .ci/run installs Debian's nginx")
        pytest.skip("LOUD SKIP: the proxy test needs Debian's nginx (apt-get install nginx)")
    sock, port = str(tmp_path / "gunicorn.sock"), _free_port()
    env = subprocess_env(tmp_path, CROSSCHECK_BIND=f"unix:{sock}", WEB_CONCURRENCY="2", LOG_LEVEL="ERROR",
                         CROSSCHECK_TRUSTED_PROXIES="1", CROSSCHECK_API_ANON_RATE="none")
    app = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", str(DEPLOY / "gunicorn" / "gunicorn.conf.py"),
                            "project.wsgi"], cwd=settings.BASE_DIR, env=env, stdout=subprocess.DEVNULL,
                           stderr=(tmp_path / "gunicorn.log").open("wb"))
    nginx = subprocess.Popen(["nginx", "-p", str(tmp_path), "-e", str(tmp_path / "nginx.log"), "-c",
                              str(_nginx_config(tmp_path, port, f"unix:{sock}"))],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for process, address, log in ((app, sock, "gunicorn.log"), (nginx, ("127.0.0.1", port), "nginx.log")):
            wait_until(lambda: _answers(address) or process.poll() is not None, seconds=60, what=log)
            assert process.poll() is None, (tmp_path / log).read_text()[-2000:]
        yield {"app": sock, "proxy": ("127.0.0.1", port)}
    finally:
        for process in (nginx, app):
            process.terminate()
            process.wait(timeout=30)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _answers(address) -> bool:
    try:
        return _get(address, "/api/v1/", timeout=5) == 200
    except OSError:
        return False


def test_clients_sending_bodies_a_byte_at_a_time_hold_no_worker_behind_nginx(proxied_app):
    slow = SlowClients(proxied_app["proxy"], SLOW_CLIENTS)
    try:
        time.sleep(1)  # every slow client is connected and dribbling
        assert [_get(proxied_app["proxy"], "/api/v1/") for _ in range(4)] == [200] * 4
        assert _get(proxied_app["proxy"], "/") == 200
    finally:
        slow.stop()
    # The same clients straight at gunicorn: both workers wait for a body, and the reader for them.
    slow = SlowClients(proxied_app["app"], SLOW_CLIENTS)
    try:
        time.sleep(1)
        with pytest.raises(TimeoutError):
            _get(proxied_app["app"], "/api/v1/", timeout=3)
    finally:
        slow.stop()


def test_a_forged_x_forwarded_for_through_nginx_is_still_locked_out(proxied_app):
    UserFactory(username="robot")
    statuses = []
    for n in range(settings.AXES_FAILURE_LIMIT + 1):
        body = b"username=robot&password=guess"
        statuses.append(_exchange(proxied_app["proxy"], (
            "POST /api/v1/auth/token/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
            f"X-Forwarded-For: 198.51.100.{n}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode() + body, timeout=15)[0])
    assert statuses == [401] * (settings.AXES_FAILURE_LIMIT - 1) + [429, 429]


def test_the_shipped_site_configuration_is_valid_nginx(tmp_path):
    """nginx -t on deploy/nginx/crosscheck.conf as an operator installs it, with a throwaway certificate."""
    if not shutil.which("nginx") or not shutil.which("openssl"):
        pytest.skip("LOUD SKIP: needs Debian's nginx and openssl")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=test",
                    "-keyout", str(tmp_path / "key.pem"), "-out", str(tmp_path / "cert.pem")], check=True,
                   capture_output=True)
    (tmp_path / "snippets").mkdir()
    shutil.copy(DEPLOY / "nginx" / "crosscheck-proxy.conf", tmp_path / "snippets")
    site = (DEPLOY / "nginx" / "crosscheck.conf").read_text().replace("/etc/nginx/snippets", str(tmp_path / "snippets"))
    site = re.sub(r"/etc/letsencrypt/live/[^;]*/fullchain.pem", str(tmp_path / "cert.pem"), site)
    (tmp_path / "site.conf").write_text(re.sub(r"/etc/letsencrypt/live/[^;]*/privkey.pem", str(tmp_path / "key.pem"), site))
    (tmp_path / "nginx.conf").write_text(f"pid {tmp_path}/nginx.pid; events {{}}\n"
                                         f"http {{ include {tmp_path}/site.conf; }}\n")
    result = subprocess.run(["nginx", "-t", "-p", str(tmp_path), "-e", str(tmp_path / "error.log"),
                             "-c", str(tmp_path / "nginx.conf")], capture_output=True, text=True)
    assert result.returncode == 0 and "syntax is ok" in result.stderr, result.stderr


def test_gunicorn_refuses_to_listen_on_every_interface(tmp_path):
    for bind in ("0.0.0.0:8000", "[::]:8000", "8.8.8.8:8000"):
        result = subprocess.run(
            [sys.executable, "-m", "gunicorn", "-c", str(DEPLOY / "gunicorn" / "gunicorn.conf.py"), "--bind", bind,
             "project.wsgi"], cwd=settings.BASE_DIR, env={**os.environ, "CROSSCHECK_BIND": "127.0.0.1:1"},
            capture_output=True, text=True, timeout=60)
        assert result.returncode != 0 and f"refusing to bind {bind}" in result.stderr, result.stderr[-2000:]


def test_no_shipped_config_or_doc_binds_the_app_to_every_interface():
    root = Path(settings.BASE_DIR)
    files = [root / "README.md", root / "Makefile", *root.glob("docs/**/*.md"), *root.glob("deploy/**/*")]
    wildcard = re.compile(r"(--bind|-b|-a)[ =]+(0\.0\.0\.0|\[?::\]?|\*)?:\d+|0\.0\.0\.0:\d+")
    found = [f"{path.relative_to(root)}: {match.group(0)}" for path in files if path.is_file()
             for match in wildcard.finditer(path.read_text(errors="replace"))]
    assert found == []
