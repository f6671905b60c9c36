package dev.unicore.agent.kubernetes.it;

import dev.unicore.agent.kubernetes.crd.UnikernelDeployment;
import dev.unicore.agent.kubernetes.crd.UnikernelDeploymentSpec;
import dev.unicore.agent.kubernetes.crd.UnikernelDeploymentStatus;
import dev.unicore.agent.kubernetes.testing.Crds;
import dev.unicore.agent.kubernetes.testing.KubeCluster;
import dev.unicore.agent.kubernetes.testing.Kubelet;
import dev.unicore.agent.kubernetes.testing.OperatorProcess;
import dev.unicore.agent.kubernetes.testing.TestRegistry;
import dev.unicore.agent.kubernetes.testing.Waits;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The figures of {@code bench/operator.sh} (run by that script, not by the test suite: the name
 * ends in neither {@code Test} nor {@code IT}). A real kube-apiserver, kube-controller-manager and
 * etcd on loopback ({@link KubeCluster}), the registry jar with one pushed image, and the
 * operator's jar as a process with leader election off.
 *
 * <ol>
 *   <li>Latency: after a few warm-up resources, {@code bench.latency-resources} (100)
 *       UnikernelDeployments of one replica are created by {@code bench.threads} (1) client threads
 *       as fast as the calls return. Informers in this JVM timestamp, for each resource, when its
 *       owned Deployment appeared (the operator's share), when its Pod appeared (the ReplicaSet
 *       controller's, after the Deployment controller's) and when its status first showed {@code
 *       observedGeneration} equal to the generation and the pushed image's digest; each is measured
 *       from the return of that resource's create call. Then the operator's reconciliations and
 *       status writes per resource, and what it does in a quiet window after everything settled.
 *   <li>Memory: a fresh namespace watched by a fresh operator started with {@code
 *       bench.operator-jvm-options}; at 0 resources and after each step of {@code
 *       bench.memory-steps} (100, 500) resources, all with a status and a running, ready Pod (this
 *       class plays the kubelet), once the operator has been idle for 5 s: {@code jcmd GC.run},
 *       then the process's VmRSS and the heap used from its Prometheus metrics.
 * </ol>
 *
 * Percentiles are nearest-rank: p99 of 100 values is the 99th smallest.
 */
public final class OperatorBench {
  private static final String LABEL = "unicore.dev/deployment";
  private static final Duration WAIT = Duration.ofMinutes(15);
  private static final Pattern REQUESTS =
      Pattern.compile("^apiserver_request_total\\{(.*)} ([0-9.e+E]+)$");
  private static final Pattern LABEL_VALUE = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  private OperatorBench() {}

  public static void main(String[] arguments) throws Exception {
    int latencyResources = Integer.getInteger("bench.latency-resources", 100);
    int warmUp = Integer.getInteger("bench.warm-up", 5);
    int threads = Integer.getInteger("bench.threads", 1);
    List<Integer> memorySteps =
        Arrays.stream(System.getProperty("bench.memory-steps", "100,500").split(","))
            .map(String::trim)
            .map(Integer::valueOf)
            .toList();
    List<String> jvmOptions =
        List.of(
            System.getProperty("bench.operator-jvm-options", "-Xms8m -Xmx384m")
                .trim()
                .split("\\s+"));

    KubeCluster cluster = KubeCluster.shared();
    KubernetesClient client = cluster.client();
    Crds.install(client);
    Path directory = Files.createTempDirectory("operator-bench-");
    TestRegistry registry = TestRegistry.start(directory);
    Runtime.getRuntime().addShutdownHook(new Thread(registry::close));
    String digest = registry.push("unicore/hello", "1", "bench kernel");
    String image = registry.host() + "/unicore/hello:1";
    System.err.println("bench: logs in " + directory);

    // 1. Latency.
    String namespace = cluster.newNamespace("bench-latency");
    try (OperatorProcess operator =
            startOperator(
                cluster, registry, namespace, jvmOptions, directory.resolve("operator-1.log"));
        Timeline timeline = new Timeline(client, namespace, digest)) {
      List<String> warm = names("warm-up-", 0, warmUp);
      create(client, namespace, image, warm, 1, timeline);
      awaitAll(warm, List.of(timeline.podCreated, timeline.statusWritten));
      awaitQuiet(operator);

      List<String> batch = names("latency-", 0, latencyResources);
      long reconciliationsBefore = operator.reconciliations();
      double reconcileSecondsBefore = reconcileSeconds(operator);
      long statusWritesBefore = timeline.statusChanges.get();
      Map<String, Double> requestsBefore = apiRequests(client);
      long began = System.nanoTime();
      create(client, namespace, image, batch, threads, timeline);
      double createCalls = (System.nanoTime() - began) / 1e9;
      awaitAll(batch, List.of(timeline.podCreated, timeline.statusWritten));
      long last =
          batch.stream()
              .mapToLong(
                  name -> Math.max(timeline.podCreated.get(name), timeline.statusWritten.get(name)))
              .max()
              .orElse(began);
      long lastOwned = batch.stream().mapToLong(timeline.ownedCreated::get).max().orElse(began);
      long lastPod = batch.stream().mapToLong(timeline.podCreated::get).max().orElse(began);
      awaitQuiet(operator);
      long reconciliations = operator.reconciliations() - reconciliationsBefore;
      double reconcileSeconds = reconcileSeconds(operator) - reconcileSecondsBefore;
      Map<String, Long> events = events(client, namespace, batch);
      long statusWrites = timeline.statusChanges.get() - statusWritesBefore;
      Map<String, Double> requests = difference(apiRequests(client), requestsBefore);

      long quietReconciliations = operator.reconciliations();
      long quietWrites = timeline.statusChanges.get();
      Map<String, Double> quietBefore = apiRequests(client);
      int quietSeconds = 15;
      Thread.sleep(TimeUnit.SECONDS.toMillis(quietSeconds));
      quietReconciliations = operator.reconciliations() - quietReconciliations;
      quietWrites = timeline.statusChanges.get() - quietWrites;
      Map<String, Double> quietRequests = difference(apiRequests(client), quietBefore);

      System.out.printf(
          Locale.ROOT,
          "apply -> owned objects and status, %d UnikernelDeployments of 1 replica created by %d"
              + " client thread(s) as fast as the calls return (after %d warm-up resources):%n",
          latencyResources,
          threads,
          warmUp);
      print("create call (client round trip)", timeline.callDurations(batch));
      print(
          "create returned -> owned Deployment created (operator alone)",
          timeline.latencies(batch, timeline.ownedCreated));
      print(
          "create returned -> Pod created (+ controller-manager)",
          timeline.latencies(batch, timeline.podCreated));
      print(
          "create returned -> status written (observedGeneration, digest)",
          timeline.latencies(batch, timeline.statusWritten));
      System.out.printf(
          Locale.ROOT,
          "  batch: %d create calls took %.2f s; the last Pod or status came %.2f s after the"
              + " first call%n",
          latencyResources,
          createCalls,
          (last - began) / 1e9);
      System.out.printf(
          Locale.ROOT,
          "  after the first call: the last owned Deployment came at %.2f s, the last Pod at"
              + " %.2f s%n",
          (lastOwned - began) / 1e9,
          (lastPod - began) / 1e9);
      System.out.printf(
          Locale.ROOT,
          "  operator until idle: %.2f reconciliations and %.2f status changes per resource;"
              + " API requests: %s%n",
          (double) reconciliations / latencyResources,
          (double) statusWrites / latencyResources,
          requests.isEmpty() ? "none" : requests);
      System.out.printf(
          Locale.ROOT,
          "  a reconciliation took %.1f ms on average; Events about the batch: %s%n",
          reconcileSeconds * 1000 / Math.max(1, reconciliations),
          events.isEmpty() ? "none" : events);
      System.out.printf(
          Locale.ROOT,
          "  %d s idle afterwards: %d reconciliations, %d status changes, API requests: %s%n",
          quietSeconds,
          quietReconciliations,
          quietWrites,
          quietRequests.isEmpty() ? "none" : quietRequests);
    }

    // 2. Memory.
    String memoryNamespace = cluster.newNamespace("bench-memory");
    Kubelet kubelet = new Kubelet(client);
    try (OperatorProcess operator =
            startOperator(
                cluster,
                registry,
                memoryNamespace,
                jvmOptions,
                directory.resolve("operator-2.log"));
        Timeline timeline = new Timeline(client, memoryNamespace, digest)) {
      Thread.sleep(5000);
      Map<Integer, Memory> rows = new TreeMap<>();
      rows.put(0, Memory.of(operator));
      int existing = 0;
      for (int step : memorySteps) {
        List<String> more = names("memory-", existing, step);
        create(client, memoryNamespace, image, more, threads, timeline);
        awaitAll(more, List.of(timeline.podCreated, timeline.statusWritten));
        for (String name : more) {
          kubelet.run(timeline.pods.get(name));
        }
        awaitAll(more, List.of(timeline.ready));
        awaitQuiet(operator);
        rows.put(step, Memory.of(operator));
        existing = step;
      }
      System.out.printf(
          Locale.ROOT,
          "operator memory, JVM options %s (%s), every resource with a status and a ready Pod,"
              + " after jcmd GC.run:%n",
          String.join(" ", jvmOptions),
          rows.get(0).collector());
      System.out.printf(
          Locale.ROOT,
          "  %9s %10s %15s %15s %14s %8s%n",
          "resources",
          "RSS MiB",
          "heap used MiB",
          "heap committed",
          "non-heap MiB",
          "threads");
      rows.forEach(
          (count, memory) ->
              System.out.printf(
                  Locale.ROOT,
                  "  %9d %10.1f %15.1f %15.1f %14.1f %8d%n",
                  count,
                  memory.rssMib(),
                  memory.heapMib(),
                  memory.heapCommittedMib(),
                  memory.nonHeapMib(),
                  memory.threads()));
      List<Integer> counts = new ArrayList<>(rows.keySet());
      for (int i = 1; i < counts.size(); i++) {
        int from = counts.get(i == 1 ? 0 : i - 1);
        int to = counts.get(i);
        Memory a = rows.get(from);
        Memory b = rows.get(to);
        double hundreds = (to - from) / 100.0;
        System.out.printf(
            Locale.ROOT,
            "  per 100 resources (%d -> %d): RSS %+.1f MiB, heap used %+.1f MiB%n",
            from,
            to,
            (b.rssMib() - a.rssMib()) / hundreds,
            (b.heapMib() - a.heapMib()) / hundreds);
      }
    }
    System.exit(0);
  }

  private static OperatorProcess startOperator(
      KubeCluster cluster,
      TestRegistry registry,
      String namespace,
      List<String> jvmOptions,
      Path log)
      throws Exception {
    return OperatorProcess.start(
        cluster,
        log,
        jvmOptions,
        OperatorProcess.settings(
            namespace, registry, "--unicore.operator.leader-election.enabled=false"));
  }

  private static List<String> names(String prefix, int from, int to) {
    List<String> names = new ArrayList<>();
    for (int i = from; i < to; i++) {
      names.add(prefix + i);
    }
    return names;
  }

  /** Creates the resources from {@code threads} threads, each taking the next name in turn. */
  private static void create(
      KubernetesClient client,
      String namespace,
      String image,
      List<String> names,
      int threads,
      Timeline timeline)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> calls = new ArrayList<>();
      for (String name : names) {
        calls.add(
            pool.submit(
                () -> {
                  UnikernelDeployment resource = new UnikernelDeployment();
                  resource.getMetadata().setName(name);
                  resource.getMetadata().setNamespace(namespace);
                  resource.setSpec(
                      new UnikernelDeploymentSpec(
                          image, 1, null, null, null, null, null, null, null, null));
                  long called = System.nanoTime();
                  client
                      .resources(UnikernelDeployment.class)
                      .inNamespace(namespace)
                      .resource(resource)
                      .create();
                  timeline.created(name, called, System.nanoTime());
                }));
      }
      for (Future<?> call : calls) {
        call.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  private static void awaitAll(Collection<String> names, List<Map<String, ?>> seen) {
    Waits.until(
        names.size() + " resources reach their mark",
        WAIT,
        () -> seen.stream().allMatch(map -> map.keySet().containsAll(names)));
  }

  /** Until the operator ran no reconciliation for 5 s. */
  private static void awaitQuiet(OperatorProcess operator) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    long count = operator.reconciliations();
    int still = 0;
    while (still < 5 && System.nanoTime() < deadline) {
      Thread.sleep(1000);
      long now = operator.reconciliations();
      still = now == count ? still + 1 : 0;
      count = now;
    }
  }

  /**
   * The API server's request counters for what the operator touches, keyed "VERB resource[/sub]"
   * (the controller-manager's requests count too: it writes Deployment status and creates Pods).
   */
  private static Map<String, Double> apiRequests(KubernetesClient client) {
    Map<String, Double> counts = new TreeMap<>();
    for (String line :
        client
            .raw(client.getMasterUrl().toString().replaceAll("/$", "") + "/metrics")
            .split("\n")) {
      Matcher matcher = REQUESTS.matcher(line);
      if (!matcher.matches()) {
        continue;
      }
      Map<String, String> labels = new TreeMap<>();
      Matcher label = LABEL_VALUE.matcher(matcher.group(1));
      while (label.find()) {
        labels.put(label.group(1), label.group(2));
      }
      String resource = labels.getOrDefault("resource", "");
      if (!List.of(
              "unikerneldeployments", "deployments", "replicasets", "pods", "events", "secrets")
          .contains(resource)) {
        continue;
      }
      if (List.of("WATCH", "LIST").contains(labels.get("verb"))) {
        continue;
      }
      String subresource = labels.getOrDefault("subresource", "");
      String key =
          labels.get("verb") + " " + resource + (subresource.isEmpty() ? "" : "/" + subresource);
      counts.merge(key, Double.parseDouble(matcher.group(2)), Double::sum);
    }
    return counts;
  }

  /** Total seconds the operator spent reconciling, from its Prometheus timer. */
  private static double reconcileSeconds(OperatorProcess operator) {
    return operator
        .get("/actuator/prometheus")
        .body()
        .lines()
        .filter(line -> line.startsWith("unicore_operator_reconciliations_seconds_sum"))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  /**
   * Events whose object is one of {@code names} (or its Deployment, ReplicaSet, Pod), by source.
   */
  private static Map<String, Long> events(
      KubernetesClient client, String namespace, List<String> names) {
    Map<String, Long> counts = new TreeMap<>();
    for (Event event : client.v1().events().inNamespace(namespace).list().getItems()) {
      String object = event.getInvolvedObject().getName();
      if (names.stream().noneMatch(name -> object.equals(name) || object.startsWith(name + "-"))) {
        continue;
      }
      String source =
          event.getReportingComponent() != null && !event.getReportingComponent().isEmpty()
              ? event.getReportingComponent()
              : event.getSource() == null ? "?" : event.getSource().getComponent();
      counts.merge(
          source + " " + event.getType() + " " + event.getReason(),
          event.getCount() == null ? 1L : event.getCount().longValue(),
          Long::sum);
    }
    return counts;
  }

  private static Map<String, Double> difference(
      Map<String, Double> after, Map<String, Double> before) {
    Map<String, Double> difference = new TreeMap<>();
    after.forEach(
        (key, value) -> {
          double delta = value - before.getOrDefault(key, 0.0);
          if (delta > 0) {
            difference.put(key, delta);
          }
        });
    return difference;
  }

  private static void print(String what, List<Double> millis) {
    System.out.printf(
        Locale.ROOT,
        "  %-64s p50 %7.1f ms  p99 %7.1f ms  max %7.1f ms%n",
        what,
        percentile(millis, 0.50),
        percentile(millis, 0.99),
        percentile(millis, 1.0));
  }

  private static double percentile(List<Double> values, double fraction) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int rank = (int) Math.ceil(fraction * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }

  /**
   * When each resource's create call returned, its owned Deployment and its Pod appeared, its
   * status first carried the current generation and the image digest, and it became Ready, as this
   * JVM's informers see the watch events (System.nanoTime() in the handlers). Each map keeps the
   * first time only; the handlers run on the informers' own threads, hence the concurrent maps.
   */
  private static final class Timeline implements AutoCloseable {
    final Map<String, Long> calledAt = new ConcurrentHashMap<>();
    final Map<String, Long> createdAt = new ConcurrentHashMap<>();
    final Map<String, Long> ownedCreated = new ConcurrentHashMap<>();
    final Map<String, Long> podCreated = new ConcurrentHashMap<>();
    final Map<String, Long> statusWritten = new ConcurrentHashMap<>();
    final Map<String, Long> ready = new ConcurrentHashMap<>();
    final Map<String, Pod> pods = new ConcurrentHashMap<>();
    final AtomicLong statusChanges = new AtomicLong();
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private final String digest;

    Timeline(KubernetesClient client, String namespace, String digest) {
      this.digest = digest;
      informers.add(
          client
              .apps()
              .deployments()
              .inNamespace(namespace)
              .withLabel(LABEL)
              .inform(
                  handler(
                      (Deployment deployment) ->
                          ownedCreated.putIfAbsent(
                              deployment.getMetadata().getName(), System.nanoTime()))));
      informers.add(
          client
              .pods()
              .inNamespace(namespace)
              .withLabel(LABEL)
              .inform(
                  handler(
                      (Pod pod) -> {
                        String owner = pod.getMetadata().getLabels().get(LABEL);
                        podCreated.putIfAbsent(owner, System.nanoTime());
                        pods.putIfAbsent(owner, pod);
                      })));
      informers.add(
          client
              .resources(UnikernelDeployment.class)
              .inNamespace(namespace)
              .inform(
                  new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(UnikernelDeployment resource) {
                      observe(resource);
                    }

                    @Override
                    public void onUpdate(UnikernelDeployment before, UnikernelDeployment after) {
                      if (!Objects.equals(before.getStatus(), after.getStatus())) {
                        statusChanges.incrementAndGet();
                      }
                      observe(after);
                    }

                    @Override
                    public void onDelete(UnikernelDeployment resource, boolean unknown) {}
                  }));
    }

    private static <T extends HasMetadata> ResourceEventHandler<T> handler(Consumer<T> added) {
      return new ResourceEventHandler<>() {
        @Override
        public void onAdd(T object) {
          added.accept(object);
        }

        @Override
        public void onUpdate(T before, T after) {}

        @Override
        public void onDelete(T object, boolean unknown) {}
      };
    }

    private void observe(UnikernelDeployment resource) {
      long now = System.nanoTime();
      String name = resource.getMetadata().getName();
      UnikernelDeploymentStatus status = resource.getStatus();
      if (status == null) {
        return;
      }
      if (Objects.equals(status.observedGeneration(), resource.getMetadata().getGeneration())
          && digest.equals(status.imageDigest())) {
        statusWritten.putIfAbsent(name, now);
      }
      if (status.conditions() != null
          && status.conditions().stream()
              .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))) {
        ready.putIfAbsent(name, now);
      }
    }

    void created(String name, long called, long returned) {
      calledAt.put(name, called);
      createdAt.put(name, returned);
    }

    List<Double> latencies(List<String> names, Map<String, Long> seen) {
      return names.stream().map(name -> (seen.get(name) - createdAt.get(name)) / 1e6).toList();
    }

    List<Double> callDurations(List<String> names) {
      return names.stream().map(name -> (createdAt.get(name) - calledAt.get(name)) / 1e6).toList();
    }

    @Override
    public void close() {
      informers.forEach(SharedIndexInformer::close);
    }
  }

  /** The operator process's memory after a full collection. */
  private record Memory(
      double rssMib,
      double heapMib,
      double heapCommittedMib,
      double nonHeapMib,
      long threads,
      String collector) {
    static Memory of(OperatorProcess operator) throws Exception {
      String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
      run(jcmd, Long.toString(operator.pid()), "GC.run");
      Thread.sleep(1000);
      String flags = run(jcmd, Long.toString(operator.pid()), "VM.flags");
      Matcher gc = Pattern.compile("-XX:\\+Use(\\w+)GC").matcher(flags);
      String collector = gc.find() ? gc.group(1) : "?";
      double heap = 0;
      double nonHeap = 0;
      double committed = 0;
      for (String line : operator.get("/actuator/prometheus").body().split("\n")) {
        if (line.startsWith("jvm_memory_committed_bytes{") && line.contains("area=\"heap\"")) {
          committed += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
        if (line.startsWith("jvm_memory_used_bytes{")) {
          double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
          if (line.contains("area=\"heap\"")) {
            heap += value;
          } else {
            nonHeap += value;
          }
        }
      }
      String status = Files.readString(Path.of("/proc/" + operator.pid() + "/status"));
      return new Memory(
          field(status, "VmRSS") / 1024.0,
          heap / (1024 * 1024),
          committed / (1024 * 1024),
          nonHeap / (1024 * 1024),
          field(status, "Threads"),
          collector);
    }

    private static long field(String status, String name) {
      Matcher matcher =
          Pattern.compile("^" + name + ":\\s+(\\d+)", Pattern.MULTILINE).matcher(status);
      if (!matcher.find()) {
        throw new IllegalStateException(name + " not in /proc/<pid>/status");
      }
      return Long.parseLong(matcher.group(1));
    }

    private static String run(String... command) throws Exception {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes());
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
      }
      return output;
    }
  }
}
