#!/usr/bin/env bash
# malloc/free throughput of each allocator of the core (alloc-small,
# alloc-buddy) against the host's glibc malloc, in the same run and on the
# same workloads (apps/malloc-bench/src/workload.h: small objects, a mix of
# small and large, large objects). The unikernel runs on linuxu (-O2, like
# every core build); the host program is built with the host's gcc -O2.
# Prints nanoseconds per malloc or free and the ratio glibc / allocator
# (above 1.0: faster than glibc). Not a test.
#
# Usage: unikernel/bench/malloc.sh [WORK_DIR]
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
repo=$(cd "$root/.." && pwd)
work=${1:-$(mktemp -d)}
mkdir -p "$work/buddy"

# The same application, built with alloc-buddy instead of the default.
sed 's/^\[libraries.malloc\]$/[libraries.malloc]\n[libraries.alloc-buddy]/' \
	"$root/apps/malloc-bench/recipe.toml" >"$work/buddy/recipe.toml"
ln -sfn "$root/apps/malloc-bench/src" "$work/buddy/src"

small=$("$repo/unicore" build malloc-bench --target linuxu/x86_64 -o "$work/small" | tail -1)
buddy=$("$repo/unicore" build "$work/buddy/recipe.toml" --target linuxu/x86_64 -o "$work/buddy/out" | tail -1)
gcc -O2 -I"$root/apps/malloc-bench/src" -o "$work/glibc" "$root/bench/malloc_host.c"

"$work/glibc" >"$work/glibc.txt"
"$small" >"$work/small.txt"
"$buddy" >"$work/buddy.txt"

echo "malloc/free, ns per operation (best of 5 x 2M steps), ratio = glibc / allocator"
printf '%-28s %10s %12s %7s %12s %7s\n' workload glibc alloc-small ratio alloc-buddy ratio
for name in $(awk '$1 == "workload" { print $2 }' "$work/glibc.txt"); do
	g=$(awk -v n="$name" '$1 == "workload" && $2 == n { print $3 }' "$work/glibc.txt")
	s=$(awk -v n="$name" '$1 == "workload" && $2 == n { print $3 }' "$work/small.txt")
	b=$(awk -v n="$name" '$1 == "workload" && $2 == n { print $3 }' "$work/buddy.txt")
	printf '%-28s %10s %12s %6.2fx %12s %6.2fx\n' "$name" "$g" "$s" \
		"$(echo "$g / $s" | bc -l)" "$b" "$(echo "$g / $b" | bc -l)"
done
