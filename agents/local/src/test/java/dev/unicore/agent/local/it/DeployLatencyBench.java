package dev.unicore.agent.local.it;

import dev.unicore.buildtool.run.KernelLauncher;
import dev.unicore.client.ControlPlaneClients;
import dev.unicore.client.api.DeploymentsApi;
import dev.unicore.client.api.TokensApi;
import dev.unicore.client.invoker.ApiClient;
import dev.unicore.client.model.Deployment;
import dev.unicore.client.model.DeploymentRequest;
import dev.unicore.client.model.Instance;
import dev.unicore.client.model.TokenRequest;
import dev.unicore.resolver.recipe.Target;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The figures of {@code bench/deploy-latency.sh} (run by that script, not by the test suite).
 *
 * <ol>
 *   <li>Deploy latency: the control plane's and the registry's jars and the agent (its own JVM,
 *       software emulation) as processes; for each round a fresh deployment of the hello-service
 *       image for qemu (a new image digest each round, so every round pulls), timed from the create
 *       call until the control plane shows the instance {@code running}, and from the agent
 *       receiving the assignment until it saw the start marker (the agent's log line). The same
 *       kernel booted by a bare {@code qemu-system-x86_64} with the agent's command line, to the
 *       start marker, in the same run, is the baseline.
 *   <li>Idle cost: 50 linuxu hello-service instances (they sleep) on the agent; the agent JVM's own
 *       CPU time (utime + stime in {@code /proc}) over a window, as a share of one CPU.
 * </ol>
 */
public final class DeployLatencyBench {
  private static final String ADMIN = "uc_local_agent_bench_admin_0123456789";
  private static final Pattern RUNNING =
      Pattern.compile("instance (\\d+) \\(([^)]+)\\): running, ([0-9.]+) ms after it was assigned");

  public static void main(String[] arguments) throws Exception {
    int rounds = Integer.parseInt(System.getProperty("bench.rounds", "10"));
    Duration heartbeat = Duration.parse(System.getProperty("bench.heartbeat", "PT0.1S"));
    Duration idleHeartbeat = Duration.parse(System.getProperty("bench.idle-heartbeat", "PT2S"));
    int idleInstances = Integer.parseInt(System.getProperty("bench.idle-instances", "50"));
    int idleSeconds = Integer.parseInt(System.getProperty("bench.idle-seconds", "30"));

    ItEnvironment environment = ItEnvironment.get();
    Path directory = environment.directory;
    byte[] kernel = TestKernels.build("hello-service", "qemu");
    Path kernelFile = directory.resolve("hello-service-qemu.elf");
    Files.write(kernelFile, kernel);

    int port = TestRegistry.freePort();
    List<Process> processes = new ArrayList<>();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  processes.forEach(Process::destroy);
                  environment.registry.close();
                }));
    processes.add(
        new ProcessBuilder(
                java(),
                "-jar",
                System.getProperty("unicore.test.control-plane-jar"),
                "--server.port=" + port,
                "--server.address=127.0.0.1",
                "--unicore.auth.bootstrap-admin-token=" + ADMIN,
                "--unicore.home=" + System.getProperty("unicore.home"),
                "--unicore.deployments.registry-url=" + environment.registry.url(),
                "--unicore.deployments.registry-username=" + TestRegistry.AGENT,
                "--unicore.deployments.registry-password=" + TestRegistry.AGENT_SECRET,
                "--logging.level.root=WARN")
            .redirectErrorStream(true)
            .redirectOutput(directory.resolve("control-plane.log").toFile())
            .start());
    ApiClient admin =
        ControlPlaneClients.create(
            URI.create("http://127.0.0.1:" + port), ADMIN, Duration.ofSeconds(30));
    DeploymentsApi deployments = new DeploymentsApi(admin);
    Waits.until(
        "the control plane answers",
        Duration.ofSeconds(180),
        () -> {
          try {
            deployments.listDeployments();
            return true;
          } catch (Exception e) {
            return false;
          }
        });
    String token =
        new TokensApi(admin)
            .createToken(
                new TokenRequest().name("bench-agent").roles(List.of(TokenRequest.RolesEnum.AGENT)))
            .getSecret();
    Path agentLog = directory.resolve("agent.log");
    Process agent =
        startAgent("bench-agent", "local", heartbeat, 10, port, token, directory, agentLog);
    processes.add(agent);

    // 1. Deploy latency.
    List<Double> endToEnd = new ArrayList<>();
    List<Double> createCalls = new ArrayList<>();
    int warmUp = 2;
    for (int round = -warmUp; round < rounds; round++) {
      byte[] unique = java.util.Arrays.copyOf(kernel, kernel.length + 8);
      unique[kernel.length] = (byte) round;
      unique[kernel.length + 1] = (byte) System.nanoTime();
      String tag = round < 0 ? "w" + -round : "r" + round;
      environment.registry.push("bench/hello-service", tag, "qemu", "hello-service", unique);
      String name = round < 0 ? "warm-up-" + -round : "latency-" + round;
      long began = System.nanoTime();
      deployments.createDeployment(
          new DeploymentRequest()
              .name(name)
              .image("bench/hello-service:" + tag)
              .platform(DeploymentRequest.PlatformEnum.QEMU)
              .memoryMiB(8)
              .replicas(1));
      double createCall = (System.nanoTime() - began) / 1e6;
      while (true) {
        Deployment deployment = deployments.getDeployment(name);
        if (!deployment.getInstances().isEmpty()
            && deployment.getInstances().get(0).getState() == Instance.StateEnum.RUNNING) {
          break;
        }
        if (System.nanoTime() - began > TimeUnit.SECONDS.toNanos(60)) {
          throw new IllegalStateException("deployment " + name + " did not run; see " + agentLog);
        }
        Thread.sleep(10);
      }
      if (round >= 0) {
        createCalls.add(createCall);
        endToEnd.add((System.nanoTime() - began) / 1e6);
      }
      deployments.deleteDeployment(name);
    }
    List<Double> agentSide = new ArrayList<>();
    Matcher matcher = RUNNING.matcher(Files.readString(agentLog));
    while (matcher.find()) {
      if (matcher.group(2).startsWith("latency-")) {
        agentSide.add(Double.parseDouble(matcher.group(3)));
      }
    }
    List<Double> bare = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      bare.add(bareBoot(kernelFile));
    }

    // 2. Idle cost of an agent at the default heartbeat interval with many sleeping instances.
    agent.destroy();
    agent.waitFor(60, TimeUnit.SECONDS);
    Path idleLog = directory.resolve("agent-idle.log");
    Process idleAgent =
        startAgent(
            "idle-agent", "idle", idleHeartbeat, idleInstances, port, token, directory, idleLog);
    processes.add(idleAgent);
    environment.registry.push(
        "bench/hello-service",
        "linuxu",
        "linuxu",
        "hello-service",
        TestKernels.build("hello-service", "linuxu"));
    deployments.createDeployment(
        new DeploymentRequest()
            .name("idle")
            .pool("idle")
            .image("bench/hello-service:linuxu")
            .platform(DeploymentRequest.PlatformEnum.LINUXU)
            .replicas(idleInstances));
    Waits.until(
        idleInstances + " idle instances run",
        Duration.ofSeconds(300),
        () ->
            deployments.getDeployment("idle").getInstances().stream()
                    .filter(instance -> instance.getState() == Instance.StateEnum.RUNNING)
                    .count()
                == idleInstances);
    Thread.sleep(3000);
    long ticksBefore = cpuTicks(idleAgent.pid());
    long wallBefore = System.nanoTime();
    Thread.sleep(TimeUnit.SECONDS.toMillis(idleSeconds));
    long ticks = cpuTicks(idleAgent.pid()) - ticksBefore;
    double wall = (System.nanoTime() - wallBefore) / 1e9;
    double share = 100.0 * ticks / 100.0 / wall; // USER_HZ is 100 on Linux
    deployments.deleteDeployment("idle");

    System.out.printf(
        Locale.ROOT,
        "rounds: %d (after %d warm-up rounds), heartbeat interval %d ms, software emulation"
            + " (tcg)%n",
        rounds,
        warmUp,
        heartbeat.toMillis());
    System.out.printf(
        Locale.ROOT,
        "deployment created -> instance running (control plane view): median %.1f ms, p90 %.1f ms%n",
        median(endToEnd),
        percentile(endToEnd, 0.9));
    System.out.printf(
        Locale.ROOT,
        "  of which the create call itself (control plane: tag lookup, placement): median %.1f ms%n",
        median(createCalls));
    System.out.printf(
        Locale.ROOT,
        "assignment received -> start marker (agent; pull, verify, start, boot): median %.1f ms, p90 %.1f ms%n",
        median(agentSide),
        percentile(agentSide, 0.9));
    System.out.printf(
        Locale.ROOT,
        "bare qemu-system-x86_64 start -> start marker, same kernel: median %.1f ms%n",
        median(bare));
    System.out.printf(
        Locale.ROOT,
        "overhead over a bare boot: %.1f ms from the assignment (agent), %.1f ms from the create"
            + " call's return, %.1f ms from the create call (target < 300 ms)%n",
        median(agentSide) - median(bare),
        median(endToEnd) - median(createCalls) - median(bare),
        median(endToEnd) - median(bare));
    System.out.printf(
        Locale.ROOT,
        "agent CPU with %d idle linuxu instances, heartbeat every %d ms, over %.0f s: %.2f%% of one"
            + " CPU (target < 5%%)%n",
        idleInstances,
        idleHeartbeat.toMillis(),
        wall,
        share);
    System.exit(0);
  }

  private static Process startAgent(
      String name,
      String pool,
      Duration heartbeat,
      int capacity,
      int port,
      String token,
      Path directory,
      Path log)
      throws Exception {
    ItEnvironment environment = ItEnvironment.get();
    Process agent =
        new ProcessBuilder(
                java(),
                "-cp",
                ItEnvironment.agentClassPath(),
                "dev.unicore.agent.local.LocalAgentApplication",
                "--unicore.agent.name=" + name,
                "--unicore.agent.pool=" + pool,
                "--unicore.agent.capacity=" + capacity,
                "--unicore.agent.control-plane-url=http://127.0.0.1:" + port,
                "--unicore.agent.token=" + token,
                "--unicore.agent.heartbeat-interval=" + heartbeat.toMillis() + "ms",
                "--unicore.agent.data-directory=" + directory.resolve(name + "-data"),
                "--unicore.agent.registry.url=" + environment.registry.url(),
                "--unicore.agent.registry.username=" + TestRegistry.AGENT,
                "--unicore.agent.registry.password=" + TestRegistry.AGENT_SECRET)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    Waits.until(
        name + " registered (log: " + log + ")",
        Duration.ofSeconds(90),
        () -> Files.readString(log).contains("registered with the control plane"));
    return agent;
  }

  /** Milliseconds from starting QEMU to the start marker, with the agent's command line. */
  private static double bareBoot(Path kernel) throws Exception {
    List<String> command =
        KernelLauncher.command(
            new Target("qemu", "x86_64"),
            kernel,
            new KernelLauncher.Options("pc", "tcg", "8M", Duration.ZERO, List.of()));
    long began = System.nanoTime();
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    StringBuilder seen = new StringBuilder();
    try (InputStream output = process.getInputStream()) {
      byte[] buffer = new byte[4096];
      int count;
      while ((count = output.read(buffer)) > 0) {
        seen.append(new String(buffer, 0, count, StandardCharsets.UTF_8));
        if (seen.indexOf("UNICORE:START") >= 0
            && seen.indexOf("\n", seen.indexOf("UNICORE:START")) > 0) {
          double millis = (System.nanoTime() - began) / 1e6;
          process.destroyForcibly();
          process.waitFor();
          return millis;
        }
      }
    }
    throw new IllegalStateException("the bare boot printed no start marker: " + seen);
  }

  private static long cpuTicks(long pid) throws Exception {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  private static double median(List<Double> values) {
    return percentile(values, 0.5);
  }

  private static double percentile(List<Double> values, double fraction) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(fraction * sorted.size())));
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
