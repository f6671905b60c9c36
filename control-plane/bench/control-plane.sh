#!/usr/bin/env bash
# Control plane benchmark: starts the control plane (embedded PostgreSQL) over a generated
# catalog of 40 libraries and prints recipe-check latency (target p99 < 50 ms), lease+complete
# cycles per second with 4 concurrent workers (target >= 200/s), and GET /api/v1/builds/{id}
# latency at 200 requests per second (target p99 < 25 ms).
set -euo pipefail
module="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
root="$(dirname "$module")"
maven="$(command -v mvn || echo "$root/mvnw")"
work="$(mktemp -d)"
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT

"$maven" -q -B -Dstyle.color=never -f "$root/pom.xml" -pl control-plane -am package \
	-DskipTests -Dspotless.check.skip=true >&2
python3 "$module/bench/generate_catalog.py" "$work/unikernel" >&2
mkdir -p "$work/unikernel/apps/bench/src"

port=18099
token="uc_bench_$(date +%s%N)"
java -jar "$module"/target/control-plane-*.jar --server.port=$port \
	--unicore.catalog.unikernel-root="$work/unikernel" \
	--unicore.recipes.applications-root="$work/unikernel/apps" \
	--unicore.auth.bootstrap-admin-token="$token" \
	--logging.level.root=WARN >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 120); do
	curl -sf "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null && break
	sleep 0.5
done
python3 "$module/bench/measure.py" "http://127.0.0.1:$port" "$token"
