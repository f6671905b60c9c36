#!/usr/bin/env bash
# Thread benchmarks of the core against the host's POSIX threads (glibc on
# futexes), in the same run and on the same source
# (apps/threads-bench/src/main.c, <pthread.h> only): yield ping-pong,
# semaphore ping-pong (a context switch through a wake-up), mutex/condition
# hand-off, and create+join. The unikernel runs on linuxu with sched-coop
# and with sched-preempt (-O2, like every core build); the host program is
# built with gcc -O2 -pthread and run twice: pinned to one CPU (taskset -c
# 0: every switch is a real context switch, the fair comparison with a
# one-CPU unikernel) and free on every CPU. Prints nanoseconds per
# operation and the ratios host / unikernel (above 1.0: the unikernel is
# faster). Not a test.
#
# Usage: unikernel/bench/threads.sh [WORK_DIR] [SCALE]
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
repo=$(cd "$root/.." && pwd)
work=${1:-$(mktemp -d)}
scale=${2:-1}
mkdir -p "$work/preempt"

# The same application with sched-preempt instead of the default.
sed 's/^\[libraries.pthreads\]$/[libraries.pthreads]\n[libraries.sched-preempt]/' \
	"$root/apps/threads-bench/recipe.toml" >"$work/preempt/recipe.toml"
ln -sfn "$root/apps/threads-bench/src" "$work/preempt/src"

coop=$("$repo/unicore" build threads-bench --target linuxu/x86_64 -o "$work/coop" | tail -1)
preempt=$("$repo/unicore" build "$work/preempt/recipe.toml" --target linuxu/x86_64 -o "$work/preempt/out" | tail -1)
gcc -O2 -pthread -o "$work/host" "$root/apps/threads-bench/src/main.c"

taskset -c 0 "$work/host" "$scale" >"$work/pinned.txt"
"$work/host" "$scale" >"$work/free.txt"
"$coop" "$scale" >"$work/coop.txt"
"$preempt" "$scale" >"$work/preempt.txt"

value() {
	awk -v n="$1" '$1 == "bench" && $2 == n { print $3 }' "$2"
}

echo "threads, ns per operation (best of 5), ratio = host / unikernel"
printf '%-17s %10s %10s %10s %7s %7s %10s %7s\n' workload host-1cpu host-all \
	coop ratio1 ratioA preempt ratio1
for name in yield semaphore-switch mutex-handoff create-join; do
	p=$(value "$name" "$work/pinned.txt")
	f=$(value "$name" "$work/free.txt")
	c=$(value "$name" "$work/coop.txt")
	e=$(value "$name" "$work/preempt.txt")
	printf '%-17s %10s %10s %10s %6.1fx %6.1fx %10s %6.1fx\n' "$name" "$p" "$f" \
		"$c" "$(echo "$p / $c" | bc -l)" "$(echo "$f / $c" | bc -l)" \
		"$e" "$(echo "$p / $e" | bc -l)"
done
c=$(value create-join "$work/coop.txt")
p=$(value create-join "$work/pinned.txt")
printf 'create+join rate: unikernel %.0f/s, host pthreads %.0f/s (1 CPU)\n' \
	"$(echo "1000000000 / $c" | bc -l)" "$(echo "1000000000 / $p" | bc -l)"
