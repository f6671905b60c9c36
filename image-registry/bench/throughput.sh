#!/usr/bin/env bash
# Push and pull throughput of Unicore's image registry next to Debian's docker-registry (the CNCF
# distribution registry), both started here on loopback with filesystem storage in a temporary
# folder. It measures one 256 MiB blob (POST, then one streamed PUT; then four GETs on one
# connection) and 1,000 small blobs of 4 KiB (POST+PUT each, then GET each, 8 connections in
# parallel), and prints each figure as ours/theirs (>= 1.0x means ours is at least as fast).
#
# Both registries run with request logging off and both fsync a blob before it becomes visible.
# The JVM gets one untimed warm-up round; every figure is the best of ROUNDS (default 3), the
# registries alternating, so a busy machine hurts both alike.
# Usage: image-registry/bench/throughput.sh [ROUNDS]   (needs java, python3, curl, docker-registry)
set -euo pipefail

rounds=${1:-3}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
jar="$root/image-registry/target/image-registry-0.1.0-SNAPSHOT.jar"
for tool in java python3 curl docker-registry; do
  command -v "$tool" >/dev/null || { echo "throughput: $tool is missing (docker-registry: apt-get install docker-registry)" >&2; exit 1; }
done
if [[ ! -f "$jar" ]]; then
  echo "building the registry..." >&2
  (cd "$root" && mvn -q -B -pl image-registry -am package -DskipTests)
fi

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

ours_port=$(free_port)
theirs_port=$(free_port)

java -jar "$jar" --server.address=127.0.0.1 --server.port="$ours_port" \
  --unicore.registry.storage.root="$work/ours" --logging.level.dev.unicore.registry.ops=WARN \
  >"$work/ours.log" 2>&1 &
pids+=($!)

cat >"$work/theirs.yml" <<EOF
version: 0.1
log:
  level: error
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $work/theirs
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$theirs_port
EOF
docker-registry serve "$work/theirs.yml" >"$work/theirs.log" 2>&1 &
pids+=($!)

wait_for() {
  for _ in $(seq 1 300); do
    curl -fs -o /dev/null "$1" && return 0
    sleep 0.2
  done
  echo "throughput: $1 did not come up; logs in $work" >&2
  trap - EXIT
  exit 1
}
wait_for "http://127.0.0.1:$ours_port/v2/"
wait_for "http://127.0.0.1:$theirs_port/v2/"

head -c $((256 * 1024 * 1024)) /dev/urandom >"$work/big.bin"

python3 - "$work" "$rounds" "http://127.0.0.1:$ours_port" "http://127.0.0.1:$theirs_port" <<'PY'
import hashlib, http.client, os, subprocess, sys, threading, time, urllib.parse

work, rounds, ours, theirs = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
BIG = os.path.join(work, "big.bin")
SMALL_COUNT, SMALL_SIZE, THREADS = 1000, 4096, 8

def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return "sha256:" + h.hexdigest()

BIG_DIGEST = sha256_file(BIG)
BIG_SIZE = os.path.getsize(BIG)

def absolute(base, location):
    return location if location.startswith("http") else base + location

def with_digest(url, digest):
    return url + ("&" if "?" in url else "?") + "digest=" + urllib.parse.quote(digest)

def curl(*args):
    subprocess.run(["curl", "-fsS", *args], check=True, stdout=subprocess.DEVNULL)

def start_upload(base, repo):
    out = subprocess.run(["curl", "-fsS", "-X", "POST", "-D", "-", "-o", "/dev/null",
                          f"{base}/v2/{repo}/blobs/uploads/"], check=True, capture_output=True, text=True).stdout
    for line in out.splitlines():
        if line.lower().startswith("location:"):
            return absolute(base, line.split(":", 1)[1].strip())
    raise RuntimeError("no Location from " + base)

def big_push(base, repo):
    url = with_digest(start_upload(base, repo), BIG_DIGEST)
    t = time.perf_counter()
    curl("-X", "PUT", "-H", "Content-Type: application/octet-stream", "-H", "Expect:", "-T", BIG, url)
    return BIG_SIZE / (time.perf_counter() - t) / (1 << 20)

PULLS = 4  # one pull of 256 MiB takes tens of milliseconds; time four on one connection

def big_pull(base, repo):
    url = f"{base}/v2/{repo}/blobs/{BIG_DIGEST}"
    args = []
    for _ in range(PULLS):
        args += ["-o", "/dev/null", url]
    t = time.perf_counter()
    curl(*args)
    return PULLS * BIG_SIZE / (time.perf_counter() - t) / (1 << 20)

class Client:
    def __init__(self, base):
        self.host = urllib.parse.urlparse(base)
        self.conn = http.client.HTTPConnection(self.host.hostname, self.host.port, timeout=60)
    def request(self, method, path, body=None, headers=None):
        self.conn.request(method, path, body=body, headers=headers or {})
        r = self.conn.getresponse()
        data = r.read()
        if r.status >= 300:
            raise RuntimeError(f"{method} {path}: {r.status} {data[:200]!r}")
        return r, data

def in_threads(work_items, fn, base):
    chunks = [work_items[i::THREADS] for i in range(THREADS)]
    errors = []
    def run(chunk):
        try:
            c = Client(base)
            for item in chunk:
                fn(c, item)
        except Exception as e:  # reported below
            errors.append(e)
    threads = [threading.Thread(target=run, args=(chunk,)) for chunk in chunks]
    t = time.perf_counter()
    for th in threads: th.start()
    for th in threads: th.join()
    elapsed = time.perf_counter() - t
    if errors:
        raise errors[0]
    return len(work_items) / elapsed

def small_push(base, repo, blobs):
    def push(c, blob):
        r, _ = c.request("POST", f"/v2/{repo}/blobs/uploads/")
        loc = urllib.parse.urlparse(absolute(base, r.getheader("Location")))
        path = loc.path + ("?" + loc.query if loc.query else "")
        c.request("PUT", with_digest(path, blob[0]), body=blob[1],
                  headers={"Content-Type": "application/octet-stream", "Content-Length": str(len(blob[1]))})
    return in_threads(blobs, push, base)

def small_pull(base, repo, blobs):
    def pull(c, blob):
        _, data = c.request("GET", f"/v2/{repo}/blobs/{blob[0]}")
        assert len(data) == len(blob[1])
    return in_threads(blobs, pull, base)

def small_blobs(count):
    out = []
    for _ in range(count):
        data = os.urandom(SMALL_SIZE)
        out.append(("sha256:" + hashlib.sha256(data).hexdigest(), data))
    return out

registries = {"ours": ours, "theirs": theirs}
best = {name: {"big push": 0.0, "big pull": 0.0, "small push": 0.0, "small pull": 0.0} for name in registries}

# Untimed warm-up: the JVM compiles its hot paths; the Go registry gets the same requests.
for name, base in registries.items():
    warm = small_blobs(300)
    small_push(base, "bench/warmup", warm)
    small_pull(base, "bench/warmup", warm)
    big_push(base, "bench/warmup")
    big_pull(base, "bench/warmup")

for r in range(rounds):
    order = list(registries.items()) if r % 2 == 0 else list(reversed(registries.items()))
    for name, base in order:
        repo = f"bench/round{r}"
        b = best[name]
        b["big push"] = max(b["big push"], big_push(base, repo))
        b["big pull"] = max(b["big pull"], big_pull(base, repo))
        blobs = small_blobs(SMALL_COUNT)
        b["small push"] = max(b["small push"], small_push(base, repo, blobs))
        b["small pull"] = max(b["small pull"], small_pull(base, repo, blobs))

units = {"big push": "MiB/s", "big pull": "MiB/s", "small push": "blobs/s", "small pull": "blobs/s"}
labels = {"big push": "push 1 x 256 MiB", "big pull": "pull 1 x 256 MiB",
          "small push": "push 1,000 x 4 KiB", "small pull": "pull 1,000 x 4 KiB"}
print(f"{'(best of ' + str(rounds) + ')':<22}{'ours':>14}{'docker-registry':>18}{'ours/theirs':>14}")
for key in ["big push", "big pull", "small push", "small pull"]:
    o, t = best["ours"][key], best["theirs"][key]
    print(f"{labels[key]:<22}{o:>8.1f} {units[key]:<7}{t:>10.1f} {units[key]:<7}{o / t:>12.2f}x")
PY
