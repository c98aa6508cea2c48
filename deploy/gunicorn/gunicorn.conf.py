"""gunicorn's settings for Crosscheck behind its proxy: ``gunicorn -c deploy/gunicorn/gunicorn.conf.py project.wsgi``.

The app listens only where its proxy reaches it, loopback or a unix socket (``CROSSCHECK_BIND``), never
on every interface: a sync worker holds one connection until that request is read, so a client sending
its body a byte a second holds a worker, and a few such clients hold them all. nginx (deploy/nginx)
reads each request whole before handing it over. docs/operators/deployment.md shows the layouts.
"""
import ipaddress
import multiprocessing
import os

# Comma-separated: "127.0.0.1:8000" (the default, where deploy/varnish's backend points), or
# "unix:/run/crosscheck/gunicorn.sock" when nginx talks to the app directly; an app host behind a
# load balancer on another machine names its private address ("10.0.0.5:8000").
bind = [part.strip() for part in os.environ.get("CROSSCHECK_BIND", "127.0.0.1:8000").split(",") if part.strip()]
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# Varnish's first_byte_timeout and the repeated purge (CROSSCHECK_PURGE_REPEAT_AFTER, 35 s) assume
# no request runs longer than 30 s.
timeout = 30
graceful_timeout = 30
# The socket is the proxy's way in: its group (nginx's, www-data on Debian) may connect, others not.
umask = 0o007
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()


def exposed(address: str) -> str | None:
    """Say why a bind address would face the network directly (every interface, or a public address), else None."""
    if address.startswith(("unix:", "fd://")):
        return None
    host = address.rpartition(":")[0].strip("[]") if ":" in address else address
    if host in {"", "*", "0.0.0.0", "::"}:
        return "listens on every interface"
    try:
        if ipaddress.ip_address(host).is_global:
            return "is a public address"
    except ValueError:
        pass  # a name ("localhost"): the operator's resolver decides
    return None


def on_starting(server):
    """Refuse to start on an address clients reach without the proxy (the command line's --bind included)."""
    for address in server.cfg.bind:
        why = exposed(address)
        if why:
            raise SystemExit(f"gunicorn: refusing to bind {address}: it {why}. Crosscheck runs behind a proxy "
                             "that reads whole requests (deploy/nginx); bind 127.0.0.1, a private address or "
                             "a unix socket (CROSSCHECK_BIND).")
