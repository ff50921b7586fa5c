"""A small HTTP/1.1 load generator: ``python -m config.bench.load URL [options]``.

``--clients`` connections ask for the URL in a loop for ``--seconds``, keeping each connection
alive while the server allows it (gunicorn's sync workers close it after every response: the
client then reconnects, and the time to reconnect counts in the request's latency, as it would
for a client of the real server). Prints one JSON object: requests, errors (no answer: refused,
reset, timed out), non-2xx answers, requests per second and the p50/p95/p99 latency in ms.

Standard library only, so it runs wherever the project runs (CI has no ``wrk``). It runs in a
process of its own so that the server's time is not shared with the measuring loop's.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from urllib.parse import urlsplit

READ_TIMEOUT = 10.0


class Connection:
    """One keep-alive connection; reopened whenever the server closed it."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, raw: bytes) -> int:
        """Send ``raw`` and read the whole response; its status code."""
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        self.writer.write(raw)
        await self.writer.drain()
        status, keep_alive = await _read_response(self.reader)
        if not keep_alive:
            self.close()
        return status

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), READ_TIMEOUT)
    lines = head.decode("latin-1").split("\r\n")
    version, status = lines[0].split(" ", 2)[:2]
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip().lower()
    if headers.get("transfer-encoding") == "chunked":
        await _read_chunked(reader)
    elif "content-length" in headers:
        await asyncio.wait_for(reader.readexactly(int(headers["content-length"])), READ_TIMEOUT)
    else:  # the body ends where the connection does
        await asyncio.wait_for(reader.read(), READ_TIMEOUT)
        return int(status), False
    connection = headers.get("connection", "")
    keep_alive = connection != "close" if version == "HTTP/1.1" else connection == "keep-alive"
    return int(status), keep_alive


async def _read_chunked(reader: asyncio.StreamReader) -> None:
    while True:
        size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
        await reader.readexactly(size + 2)
        if size == 0:
            return


def build_request(url: str, headers: list[str]) -> tuple[str, int, bytes]:
    parts = urlsplit(url)
    if parts.scheme != "http":
        raise SystemExit("only http:// URLs")
    path = parts.path or "/"
    if parts.query:
        path += f"?{parts.query}"
    host = parts.hostname or "127.0.0.1"
    port = parts.port or 80
    lines = [f"GET {path} HTTP/1.1", f"Host: {host}:{port}", "Accept: application/json", *headers]
    return host, port, ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


async def _client(host, port, raw, deadline, latencies, tally) -> None:
    connection = Connection(host, port)
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        try:
            status = await connection.request(raw)
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError):
            connection.close()
            tally["errors"] += 1
            await asyncio.sleep(0.01)  # a refusing server must not spin this loop
            continue
        latencies.append((time.perf_counter() - started) * 1000)
        if not 200 <= status < 300:
            tally["non_2xx"] += 1
    connection.close()


async def drive(url: str, *, clients: int, seconds: float, headers: list[str]) -> dict:
    host, port, raw = build_request(url, headers)
    latencies: list[float] = []
    tally = {"errors": 0, "non_2xx": 0}
    started = time.perf_counter()
    deadline = started + seconds
    await asyncio.gather(
        *(_client(host, port, raw, deadline, latencies, tally) for _ in range(clients))
    )
    elapsed = time.perf_counter() - started
    return summary(latencies, tally, elapsed, clients)


def percentile(ordered: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an ascending list (0.0 when empty)."""
    if not ordered:
        return 0.0
    rank = max(1, min(len(ordered), round(fraction * len(ordered) + 0.5)))
    return ordered[rank - 1]


def summary(latencies: list[float], tally: dict, elapsed: float, clients: int) -> dict:
    ordered = sorted(latencies)
    return {
        "clients": clients,
        "seconds": round(elapsed, 2),
        "requests": len(ordered),
        "errors": tally["errors"],
        "non_2xx": tally["non_2xx"],
        "rps": round(len(ordered) / elapsed, 1) if elapsed else 0.0,
        "p50_ms": round(percentile(ordered, 0.50), 2),
        "p95_ms": round(percentile(ordered, 0.95), 2),
        "p99_ms": round(percentile(ordered, 0.99), 2),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m config.bench.load", description=__doc__)
    parser.add_argument("url")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument(
        "--header", action="append", default=[], help="'Name: value', may be repeated"
    )
    args = parser.parse_args(argv)
    result = asyncio.run(
        drive(args.url, clients=args.clients, seconds=args.seconds, headers=args.header)
    )
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
