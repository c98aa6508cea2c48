"""Requests per second and latency under concurrent clients, against gunicorn with several workers on loopback."""
import http.client
import os
import random
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from bench.common import median_ms, p95_ms
from claims import selectors

WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "8"))
SECONDS = float(os.environ.get("BENCH_LOAD_SECONDS", "15"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_gunicorn(port: int) -> subprocess.Popen:
    # Measure serving, not one client's quota (both throttles count anonymous clients by address).
    env = {**os.environ, "CROSSCHECK_API_ANON_RATE": "none", "CROSSCHECK_API_USER_RATE": "none"}
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "project.wsgi", "--workers", str(WORKERS), "--bind", f"127.0.0.1:{port}",
         "--access-logfile", "-" if os.environ.get("BENCH_ACCESS_LOG") else "/dev/null", "--log-level", "warning"],
        cwd=Path(__file__).resolve().parent.parent, env=env,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("gunicorn did not start")


def _load(port: int, paths: list[str], seconds: float, headers: dict | None = None) -> dict:
    """Hammer the server with CLIENTS keep-alive connections for ``seconds``; bounded and self-stopping."""
    latencies, errors, lock = [], [0], threading.Lock()
    stop = time.monotonic() + seconds

    def client(seed: int):
        rng = random.Random(seed)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine, failed = [], 0
        while time.monotonic() < stop:
            started = time.perf_counter()
            try:
                connection.request("GET", rng.choice(paths), headers={"Host": "localhost", **(headers or {})})
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    failed += 1
            except (OSError, http.client.HTTPException):
                failed += 1
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            mine.append(time.perf_counter() - started)
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return {"requests/s": f"{len(latencies) / elapsed:.0f}", "median (ms)": f"{median_ms(latencies):.1f}",
            "p95 (ms)": f"{p95_ms(latencies):.1f}", "requests": len(latencies), "errors": errors[0]}


def _load_one(port: int, path: str) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers={"Host": "localhost"})
    connection.getresponse().read()
    connection.close()


def run(size: int) -> list[dict]:
    public = list(selectors.public_claims().values_list("pk", "slug")[:2000])
    claim_pages = [f"/claims/{slug}/" for _, slug in public[:500]]
    # A session cookie makes the app render the page afresh (editors are never served cached pages).
    uncached = {"Cookie": "sessionid=benchmark-no-such-session"}
    targets = {
        "API claim list": (["/api/v1/claims/", "/api/v1/claims/?page_size=50", "/api/v1/claims/?metric=area-ceded"],
                           None),
        "API claim detail": ([f"/api/v1/claims/{pk}/" for pk, _ in public], None),
        "claim page (cached)": (claim_pages, None),
        "claim page (rendered each time)": (claim_pages, uncached),
        "claim list (cached)": ([f"/claims/?page={n}" for n in range(1, 21)], None),
    }
    port = _free_port()
    server = _start_gunicorn(port)
    try:
        for path in claim_pages + targets["claim list (cached)"][0]:
            _load_one(port, path)  # fill the page cache, as readers' first visits do
        _load(port, claim_pages[:50], 2)  # warm every worker
        return [{"claims": f"{size:,}", "endpoint": name, "workers": WORKERS, "clients": CLIENTS,
                 **_load(port, paths, SECONDS, headers)} for name, (paths, headers) in targets.items()]
    finally:
        server.terminate()
        server.wait(timeout=30)
