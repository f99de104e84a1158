"""Drive HTTP load at the portal from a second process: wrk when it is installed, else a Python generator.

Both give the same figures: completed requests per second, latency percentiles (from the request being sent
to the response being read, as wrk measures), the count of answers that are not 2xx/3xx, per-status counts
when asked for, and socket errors (connect, read, write, timeout).

As a script this is the Python generator (asyncio, one process), which run_load() starts when wrk is missing:

    python bench/load.py --port 8091 --connections 8 --duration 10 --header "Cookie: sessionid=…" /news/ /
"""

import argparse
import asyncio
import json
import math
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HOST = "127.0.0.1"
RESULT = "BENCH-LOAD "

# wrk: report exact numbers from Lua (microseconds) rather than parse its rounded summary.
WRK_REPORT = r"""
local threads = {}
function setup(thread)
  table.insert(threads, thread)
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH requests %d duration_us %d non_ok %d bytes %d\n", summary.requests, summary.duration,
    e.status, summary.bytes))
  io.write(string.format("BENCH errors connect %d read %d write %d timeout %d\n",
    e.connect, e.read, e.write, e.timeout))
  io.write(string.format("BENCH latency_us p50 %d p90 %d p99 %d mean %d max %d\n", latency:percentile(50),
    latency:percentile(90), latency:percentile(99), latency.mean, latency.max))
  for _, thread in ipairs(threads) do
    local counts = thread:get("statuses")
    if counts then
      for code, count in pairs(counts) do io.write(string.format("BENCH status %d %d\n", code, count)) end
    end
  end
end
"""
# Rotation over several paths (given after "--"), counting every status code: costs wrk some speed.
WRK_ROTATE = r"""
function init(args)
  paths = args
  statuses = {}
  n = math.random(0, #paths - 1)
end
function request()
  n = n + 1
  return wrk.format(nil, paths[(n % #paths) + 1])
end
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
"""


def wrk_available():
    return shutil.which("wrk") is not None


def generator_name(generator):
    if generator == "wrk":
        version = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split("Copyright")[0].strip()
        return f"wrk ({version})"
    return "Python generator (bench/load.py: asyncio, one process)"


def pick_generator(requested="auto"):
    if requested == "auto":
        return "wrk" if wrk_available() else "python"
    if requested == "wrk" and not wrk_available():
        raise SystemExit("wrk was asked for but is not installed (apt-get install wrk)")
    return requested


def run_load(port, paths, connections, duration, headers=(), generator="wrk", threads=2, statuses=False, timeout=10):
    """Load ``paths`` (rotated) on 127.0.0.1:``port``; a dict of figures (see the module's docstring)."""
    if generator == "wrk":
        return _run_wrk(port, paths, connections, duration, headers, threads, statuses, timeout)
    command = [sys.executable, __file__, "--port", str(port), "--connections", str(connections)]
    command += ["--duration", str(duration), "--timeout", str(timeout)]
    for header in headers:
        command += ["--header", header]
    result = subprocess.run([*command, "--", *paths], capture_output=True, text=True, timeout=duration + timeout + 60)
    for line in result.stdout.splitlines():
        if line.startswith(RESULT):
            return json.loads(line[len(RESULT) :])
    raise RuntimeError(f"the Python load generator failed:\n{result.stdout}{result.stderr}")


def _run_wrk(port, paths, connections, duration, headers, threads, statuses, timeout):
    rotate = statuses or len(paths) > 1
    with tempfile.NamedTemporaryFile("w", suffix=".lua", prefix="bench-wrk-", delete=False) as script:
        script.write(WRK_REPORT + (WRK_ROTATE if rotate else ""))
    try:
        command = ["wrk", f"-t{min(threads, connections)}", f"-c{connections}", f"-d{duration}s"]
        command += [f"--timeout={timeout}s", "-s", script.name]
        for header in headers:
            command += ["-H", header]
        command.append(f"http://{HOST}:{port}{paths[0]}")
        if rotate:
            command += ["--", *paths]
        result = subprocess.run(command, capture_output=True, text=True, timeout=duration + timeout + 60)
    finally:
        Path(script.name).unlink(missing_ok=True)
    if result.returncode:
        raise RuntimeError(f"wrk failed ({result.returncode}):\n{result.stdout}{result.stderr}")
    return _parse_wrk(result.stdout, statuses)


def _parse_wrk(output, statuses):
    def numbers(pattern):
        match = re.search(pattern, output)
        if not match:
            raise RuntimeError(f"unexpected wrk output:\n{output}")
        return [int(value) for value in match.groups()]

    requests, duration_us, non_ok, size = numbers(r"BENCH requests (\d+) duration_us (\d+) non_ok (\d+) bytes (\d+)")
    connect, read, write, timeout = numbers(r"BENCH errors connect (\d+) read (\d+) write (\d+) timeout (\d+)")
    p50, p90, p99, mean, longest = numbers(r"BENCH latency_us p50 (\d+) p90 (\d+) p99 (\d+) mean (\d+) max (\d+)")
    counts = {}
    for code, count in re.findall(r"BENCH status (\d+) (\d+)", output):
        counts[code] = counts.get(code, 0) + int(count)
    seconds = duration_us / 1e6
    return {
        "generator": "wrk",
        "requests": requests,
        "seconds": seconds,
        "rps": requests / seconds if seconds else 0.0,
        "p50_ms": p50 / 1000,
        "p90_ms": p90 / 1000,
        "p99_ms": p99 / 1000,
        "mean_ms": mean / 1000,
        "max_ms": longest / 1000,
        "non_ok": non_ok,
        "bytes_per_response": size / requests if requests else 0,
        "statuses": counts if statuses else None,
        "errors": {"connect": connect, "read": read, "write": write, "timeout": timeout},
    }


# The Python generator.


class _Tally:
    def __init__(self):
        self.latencies = []
        self.bytes = 0
        self.statuses = {}
        self.errors = {"connect": 0, "read": 0, "write": 0, "timeout": 0}


async def _read_response(reader):
    """Status, whether the connection may be reused and the bytes read, after reading the whole response."""
    line = await reader.readline()
    size = len(line)
    if not line:
        raise ConnectionResetError("connection closed before a response")
    status = int(line.split(None, 2)[1])
    length, chunked, close = None, False, line.startswith(b"HTTP/1.0")
    while True:
        header = await reader.readline()
        size += len(header)
        if header in (b"\r\n", b"\n", b""):
            break
        name, _, value = header.partition(b":")
        name, value = name.strip().lower(), value.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"transfer-encoding":
            chunked = b"chunked" in value
        elif name == b"connection":
            close = b"close" in value
    if chunked:
        while True:
            chunk_line = await reader.readline()
            chunk = int(chunk_line.split(b";")[0], 16)
            size += len(chunk_line) + len(await reader.readexactly(chunk + 2))
            if chunk == 0:
                break
    elif length is not None:
        size += len(await reader.readexactly(length))
    else:
        size += len(await reader.read())
        close = True
    return status, not close, size


async def _connection(number, port, paths, header_block, deadline, timeout, tally):
    turn, reader, writer = number, None, None
    while time.monotonic() < deadline:
        path = paths[turn % len(paths)]
        turn += 1
        if writer is None:
            try:
                reader, writer = await asyncio.wait_for(asyncio.open_connection(HOST, port), timeout)
            except (TimeoutError, OSError):
                tally.errors["connect"] += 1
                await asyncio.sleep(0.05)
                continue
        started = time.perf_counter()
        try:
            writer.write(b"GET " + path + b" HTTP/1.1\r\n" + header_block)
            await writer.drain()
        except OSError:
            tally.errors["write"] += 1
            writer.close()
            writer = None
            continue
        try:
            status, reuse, size = await asyncio.wait_for(_read_response(reader), timeout)
        except TimeoutError:
            tally.errors["timeout"] += 1
            reuse = False
        except (OSError, ValueError, IndexError, asyncio.IncompleteReadError):
            tally.errors["read"] += 1
            reuse = False
        else:
            tally.latencies.append(time.perf_counter() - started)
            tally.bytes += size
            tally.statuses[status] = tally.statuses.get(status, 0) + 1
        if not reuse:
            writer.close()
            writer = None
    if writer is not None:
        writer.close()


async def _python_load(port, paths, connections, duration, headers, timeout):
    header_block = f"Host: {HOST}:{port}\r\n" + "".join(f"{header}\r\n" for header in headers) + "\r\n"
    encoded = [path.encode() for path in paths]
    tally = _Tally()
    started = time.monotonic()
    deadline = started + duration
    await asyncio.gather(
        *(_connection(n, port, encoded, header_block.encode(), deadline, timeout, tally) for n in range(connections))
    )
    seconds = time.monotonic() - started
    return tally, seconds


def _percentile(ordered, percent):
    if not ordered:
        return 0.0
    return ordered[max(0, math.ceil(percent / 100 * len(ordered)) - 1)]


def python_load(port, paths, connections, duration, headers=(), timeout=10):
    tally, seconds = asyncio.run(_python_load(port, paths, connections, duration, headers, timeout))
    ordered = sorted(tally.latencies)
    requests = len(ordered)
    return {
        "generator": "python",
        "requests": requests,
        "seconds": seconds,
        "rps": requests / seconds if seconds else 0.0,
        "p50_ms": _percentile(ordered, 50) * 1000,
        "p90_ms": _percentile(ordered, 90) * 1000,
        "p99_ms": _percentile(ordered, 99) * 1000,
        "mean_ms": (sum(ordered) / requests * 1000) if requests else 0.0,
        "max_ms": (ordered[-1] * 1000) if requests else 0.0,
        "non_ok": sum(count for status, count in tally.statuses.items() if not 200 <= status < 400),
        "bytes_per_response": tally.bytes / requests if requests else 0,
        "statuses": {str(status): count for status, count in sorted(tally.statuses.items())},
        "errors": tally.errors,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--duration", type=float, default=10)
    parser.add_argument("--timeout", type=float, default=10)
    parser.add_argument("--header", action="append", default=[])
    parser.add_argument("paths", nargs="+")
    options = parser.parse_args()
    figures = python_load(
        options.port, options.paths, options.connections, options.duration, options.header, options.timeout
    )
    print(RESULT + json.dumps(figures), flush=True)


if __name__ == "__main__":
    main()
