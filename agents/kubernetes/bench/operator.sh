#!/bin/sh
# The UnikernelDeployment operator's latency and memory, printed as figures (not part of the tests).
#
#   agents/kubernetes/bench/operator.sh [LATENCY_RESOURCES] [MEMORY_STEPS] [THREADS] [JVM_OPTIONS]
#
# Starts a real kube-apiserver, kube-controller-manager and etcd on loopback
# (tools/start-apiserver.sh; the binaries are built once and cached), the registry's jar with one
# pushed image, and the operator's jar as a process with leader election off, then
# (1) creates LATENCY_RESOURCES (default 100) UnikernelDeployments of one replica from THREADS
# (default 1) client threads as fast as the calls return, and prints p50/p99/max from each create
# call's return to the owned Deployment, to the Pod (made by the controller-manager) and to the
# status (observedGeneration and image digest), timed by watch events, plus the batch's wall time;
# (2) in a fresh namespace with a fresh operator started with JVM_OPTIONS (default
# "-Xms8m -Xmx384m": the heap a JVM picks with the chart's -XX:MaxRAMPercentage=75 in its 512 MiB
# limit), prints the operator's RSS and heap used after a full GC at 0 resources and at each count
# of MEMORY_STEPS (default 100,500), every resource with a status and a ready Pod (the bench plays
# the kubelet). The machine's noise shows between runs: run it twice.
set -eu
home="$(cd "$(dirname "$0")/../../.." && pwd)"
cd "$home"
latency="${1:-100}"
steps="${2:-100,500}"
threads="${3:-1}"
jvm="${4:--Xms8m -Xmx384m}"

echo "building the operator and the registry..." >&2
./mvnw -q -B -o -pl agents/kubernetes -am package -DskipTests -Dspotless.check.skip=true >&2 \
  || ./mvnw -q -B -pl agents/kubernetes -am package -DskipTests -Dspotless.check.skip=true >&2
./mvnw -q -B -o -pl agents/kubernetes -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test \
  -Dspotless.check.skip=true >&2
version="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -n 1)"
module="$home/agents/kubernetes"
# The module directory is the working directory: the tests find the generated CRD under target/.
cd "$module"
exec java -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  -Dunicore.home="$home" \
  -Dunicore.test.registry-jar="$home/image-registry/target/image-registry-$version.jar" \
  -Dunicore.test.operator-jar="$module/target/kubernetes-agent-$version.jar" \
  -Dbench.latency-resources="$latency" -Dbench.memory-steps="$steps" -Dbench.threads="$threads" \
  -Dbench.operator-jvm-options="$jvm" \
  dev.unicore.agent.kubernetes.it.OperatorBench
