#!/usr/bin/env bash
# Connection-bound benchmark (Linux): starts `sitegen serve` on the clinic site, opens 4,000
# idle TCP connections (as browsers' keep-alive connections, or anything else on the network,
# may), then times a normal GET (median of 5) and reads the server's resident memory, threads
# and open sockets from /proc. Fails unless RSS < 100 MB and the request takes < 50 ms.
# Usage: bash bench/idle_connections.sh [binary...]   (default: target/release/sitegen; give
# several, e.g. an older build, to compare them in one run). IDLE=N changes the count;
# SERVER_FILES=1024 starts the server with that open-file limit (fewer than the connections:
# the oldest idle ones must make room, and the request must still be answered); SITE=DIR
# serves another site (default: this repository's clinic site; tests/fixtures/serve_preview
# is built by older binaries too).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d /proc/self ] || { echo "needs Linux (/proc)"; exit 1; }
count=${IDLE:-4000}
# Client and server each hold one socket per connection, plus their own files.
want=$((count + 512))
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt "$want" ]; then
  ulimit -n "$want" 2>/dev/null || ulimit -n "$(ulimit -Hn)"
fi
echo "open-file limit: $(ulimit -n)"
if [ $# -eq 0 ]; then
  cargo build --release --quiet
  set -- "$PWD/target/release/sitegen"
fi
status=0
for bin in "$@"; do
  python3 - "$bin" "$count" "${SITE:-$PWD}" "${SERVER_FILES:-0}" <<'PY' || status=1
import os, resource, socket, subprocess, sys, time
from concurrent.futures import ThreadPoolExecutor

binary, count, root, files = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])

def limit_files():
    if files:
        resource.setrlimit(resource.RLIMIT_NOFILE, (files, resource.getrlimit(resource.RLIMIT_NOFILE)[1]))

server = subprocess.Popen(
    [binary, "--root", root, "serve", "--port", "0"], preexec_fn=limit_files,
    stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
try:
    for line in server.stdout:
        if line.startswith("Serving http://"):
            addr = line.split()[1][len("http://"):].rstrip("/")
            break
    else:
        sys.exit(f"{binary}: the server did not start")
    host, port = addr.rsplit(":", 1)
    pid = server.pid

    def status(field):
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field):
                    return int(line.split()[1])

    def sockets():
        held = 0
        for fd in os.listdir(f"/proc/{pid}/fd"):
            try:
                held += os.readlink(f"/proc/{pid}/fd/{fd}").startswith("socket:")
            except FileNotFoundError:  # closed meanwhile
                pass
        return held

    def get():
        started = time.perf_counter()
        with socket.create_connection((host, int(port)), timeout=30) as s:
            s.sendall(f"GET / HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n".encode())
            reply = b""
            while chunk := s.recv(65536):
                reply += chunk
        if not reply.startswith(b"HTTP/1.1 200"):
            sys.exit(f"{binary}: GET / was answered {reply[:40]!r}: does it build this site?")
        return (time.perf_counter() - started) * 1000

    get()  # the first request after the build, not timed
    rss_before = status("VmRSS:")
    peak = {"rss": 0, "threads": 0, "held": 0}

    def sample():
        peak["rss"] = max(peak["rss"], status("VmRSS:"))
        peak["threads"] = max(peak["threads"], status("Threads:"))
        peak["held"] = max(peak["held"], sockets())

    # Opened from several threads: on a busy machine a connection that finds the listen queue
    # full waits a second to try again, and the server closes a connection that has not sent
    # a request within 10 s.
    opening = time.perf_counter()
    with ThreadPoolExecutor(8) as pool:
        idle = list(pool.map(lambda _: socket.create_connection((host, int(port)), timeout=30),
                             range(count)))
    opened_in = time.perf_counter() - opening
    # Until the server has taken them all (or 3 s; a thread-per-connection server drops
    # idle ones after its read timeout, so the peak is what counts).
    deadline = time.time() + 3
    while time.time() < deadline:
        sample()
        if peak["held"] >= count:
            break
        time.sleep(0.05)
    times = sorted(get() for _ in range(5))
    sample()
    median = times[2]
    ok = peak["rss"] < 100 * 1024 and median < 50
    print(f"{binary}: {count} idle connections, opened in {opened_in:.1f} s "
          f"(server held up to {peak['held']} sockets): "
          f"RSS {rss_before // 1024} -> {peak['rss'] // 1024} MB, up to {peak['threads']} "
          f"threads, GET / median {median:.2f} ms (best {times[0]:.2f}, worst {times[-1]:.2f}) "
          f"{'ok' if ok else 'OVER THE LIMIT (100 MB, 50 ms)'}")
    for s in idle:
        s.close()
    sys.exit(0 if ok else 1)
finally:
    server.kill()
    server.wait()
PY
done
exit $status
