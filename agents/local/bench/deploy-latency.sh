#!/bin/sh
# Deploy latency and idle cost of the local agent, printed as figures (not part of the tests).
#
#   agents/local/bench/deploy-latency.sh [ROUNDS] [HEARTBEAT] [IDLE_INSTANCES] [IDLE_SECONDS]
#
# Starts the registry's and the control plane's jars and the agent (its own JVM) as processes,
# then (1) deploys the hello-service image for qemu ROUNDS times (default 10; a new digest each
# round, so each one pulls) and times creation -> running as the control plane shows it and
# assignment -> start marker as the agent logs it, next to a bare qemu-system-x86_64 boot of the
# same kernel to its start marker, measured in the same run; (2) runs IDLE_INSTANCES (50) linuxu
# hello-service instances, which sleep, and measures the agent JVM's own CPU over IDLE_SECONDS
# (30). HEARTBEAT (default PT0.1S, an ISO-8601 duration) is the agent's heartbeat interval: the
# control plane hands out assignments only in heartbeat answers, so creation -> running includes
# up to one interval of waiting.
set -eu
home="$(cd "$(dirname "$0")/../../.." && pwd)"
cd "$home"
rounds="${1:-10}"
heartbeat="${2:-PT0.1S}"
idle="${3:-50}"
seconds="${4:-30}"

echo "building the agent, the control plane and the registry..." >&2
./mvnw -q -B -o -pl agents/local -am package -DskipTests -Dspotless.check.skip=true >&2 \
  || ./mvnw -q -B -pl agents/local -am package -DskipTests -Dspotless.check.skip=true >&2
./mvnw -q -B -o -pl agents/local -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test \
  -Dspotless.check.skip=true >&2
version="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -n 1)"
classpath="agents/local/target/test-classes:agents/local/target/classes:$(cat agents/local/target/bench.classpath)"
exec java -cp "$classpath" \
  -Dunicore.home="$home" \
  -Dunicore.test.registry-jar="$home/image-registry/target/image-registry-$version.jar" \
  -Dunicore.test.control-plane-jar="$home/control-plane/target/control-plane-$version.jar" \
  -Dbench.rounds="$rounds" -Dbench.heartbeat="$heartbeat" \
  -Dbench.idle-instances="$idle" -Dbench.idle-seconds="$seconds" \
  dev.unicore.agent.local.it.DeployLatencyBench
