#!/usr/bin/env bash
# Resolver latency benchmark: prints p50/p99 of resolving a recipe over a generated catalog of
# 40 manifests, with the catalog loaded and with every file parsed anew. Target: p99 < 20 ms.
set -euo pipefail
module="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
root="$(dirname "$module")"
maven="$(command -v mvn || echo "$root/mvnw")"

"$maven" -q -B -Dstyle.color=never -f "$root/pom.xml" -pl recipe-resolver -am test-compile \
	dependency:build-classpath -Dmdep.outputFile="$module/target/benchmark.classpath" \
	-Dmdep.includeScope=test >&2
exec java -cp "$module/target/classes:$module/target/test-classes:$(cat "$module/target/benchmark.classpath")" \
	dev.unicore.resolver.ResolverBenchmark
