package dev.unicore.buildtool.platform;

import dev.unicore.client.ControlPlaneClients;
import dev.unicore.client.api.BuildsApi;
import dev.unicore.client.api.DeploymentsApi;
import dev.unicore.client.api.RecipesApi;
import dev.unicore.client.api.TokensApi;
import dev.unicore.client.invoker.ApiClient;
import dev.unicore.client.invoker.ApiException;
import dev.unicore.client.model.Build;
import dev.unicore.client.model.BuildRequest;
import dev.unicore.client.model.DeploymentRequest;
import dev.unicore.client.model.RecipeRequest;
import dev.unicore.client.model.Task;
import dev.unicore.client.model.TokenRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The whole platform on one machine, each part a child process: the OCI registry, the control plane
 * with its embedded PostgreSQL, one builder worker and one local agent. Everything they keep lives
 * in one data folder (database, images, caches, logs, the admin token), so a second start finds the
 * first one's state. Once up, the hello example is built for two targets and deployed on the local
 * agent. {@link #close} stops every process it started, newest first.
 */
public final class LocalPlatform implements AutoCloseable {
  /** The example built and deployed at start (unikernel/apps/hello-service). */
  private static final String HELLO = "hello-service";

  /**
   * Where things run and are kept.
   *
   * @param deployHello whether to build and deploy the hello example (as hello-service, which stays
   *     up) once the parts are up
   */
  public record Options(Path home, Path data, int port, int registryPort, boolean deployHello) {}

  /** What the README's run command prints. */
  public record Endpoints(String dashboard, String api, String registry, String token) {}

  private final Options options;
  private final PrintWriter log;
  private final Deque<ComponentProcess> started = new ArrayDeque<>();

  public LocalPlatform(Options options, PrintWriter log) {
    this.options = options;
    this.log = log;
  }

  /** Starts every part, builds and deploys hello; returns where to reach the platform. */
  public Endpoints start() throws IOException, InterruptedException {
    Files.createDirectories(options.data());
    Path logs = options.data().resolve("logs");
    String token = adminToken();
    String api = "http://127.0.0.1:" + options.port();
    String registry = "127.0.0.1:" + options.registryPort();

    ComponentProcess registryProcess =
        launch(
            "registry",
            jar("image-registry"),
            List.of(
                "--server.port=" + options.registryPort(),
                "--server.address=127.0.0.1",
                "--unicore.registry.storage.root=" + options.data().resolve("registry")),
            Map.of(),
            logs);
    ComponentProcess controlPlane =
        launch(
            "control-plane",
            jar("control-plane"),
            List.of(
                "--server.port=" + options.port(),
                "--unicore.catalog.import-on-start=true",
                "--unicore.database.directory=" + options.data().resolve("postgres"),
                "--unicore.deployments.registry-url=http://" + registry),
            Map.of(
                "UNICORE_HOME",
                options.home().toString(),
                "UNICORE_AUTH_BOOTSTRAPADMINTOKEN",
                token),
            logs);
    registryProcess.awaitHttp("http://" + registry + "/v2/", Duration.ofMinutes(2));
    controlPlane.awaitHttp(api + "/actuator/health/readiness", Duration.ofMinutes(3));
    log.println("unicore: registry and control plane are up");
    log.flush();

    ApiClient admin = ControlPlaneClients.create(URI.create(api), token, Duration.ofSeconds(30));
    String workerToken = token(admin, "local-worker", TokenRequest.RolesEnum.WORKER);
    launch(
        "worker",
        jar("builder-worker"),
        List.of("--server.port=0"),
        Map.of(
            "UNICORE_HOME",
            options.home().toString(),
            "UNICORE_WORKER_CONTROLPLANEURL",
            api,
            "UNICORE_WORKER_TOKEN",
            workerToken,
            "UNICORE_WORKER_REGISTRY_URL",
            "http://" + registry,
            "UNICORE_WORKER_WORKDIRECTORY",
            options.data().resolve("worker").toString()),
        logs);
    String agentToken = token(admin, "local-agent", TokenRequest.RolesEnum.AGENT);
    launch(
        "agent",
        jar("local-agent"),
        List.of("--server.port=0"),
        Map.of(
            "UNICORE_AGENT_CONTROLPLANEURL",
            api,
            "UNICORE_AGENT_TOKEN",
            agentToken,
            "UNICORE_AGENT_REGISTRY_URL",
            "http://" + registry,
            "UNICORE_AGENT_DATADIRECTORY",
            options.data().resolve("agent").toString()),
        logs);
    if (options.deployHello()) {
      deployHelloService(admin);
    }
    return new Endpoints(api + "/dashboard/", api, registry, token);
  }

  /** The process id of a running part (registry, control-plane, worker, agent). */
  public long pid(String part) {
    return started.stream()
        .filter(process -> process.name().equals(part))
        .findFirst()
        .orElseThrow(() -> new PlatformException("no part " + part))
        .pid();
  }

  /** The first part that stopped on its own, if any. */
  public Optional<String> exited() {
    return started.stream().filter(part -> !part.alive()).map(ComponentProcess::name).findFirst();
  }

  @Override
  public void close() {
    while (!started.isEmpty()) {
      ComponentProcess part = started.pop();
      log.println("unicore: stopping " + part.name());
      log.flush();
      part.close();
    }
  }

  private ComponentProcess launch(
      String name, Path jar, List<String> arguments, Map<String, String> environment, Path logs)
      throws IOException {
    ComponentProcess part = ComponentProcess.start(name, jar, arguments, environment, logs);
    started.push(part);
    log.println("unicore: started " + name + " (log: " + part.log() + ")");
    log.flush();
    return part;
  }

  /**
   * Builds hello-service for qemu and linuxu (the build cache makes later starts quick) and deploys
   * its qemu image.
   */
  private void deployHelloService(ApiClient admin) throws InterruptedException {
    RecipesApi recipes = new RecipesApi(admin);
    BuildsApi builds = new BuildsApi(admin);
    DeploymentsApi deployments = new DeploymentsApi(admin);
    try {
      try {
        recipes.createRecipe(
            new RecipeRequest()
                .name(HELLO)
                .application(HELLO)
                .requires(List.of("console", "process", "libc", "thread"))
                .targets(List.of("qemu/x86_64", "linuxu/x86_64"))
                .commandLine("world"));
      } catch (ApiException exists) {
        if (exists.getCode() != 409) {
          throw exists;
        }
      }
      try {
        deployments.getDeployment(HELLO);
        log.println("unicore: deployment " + HELLO + " exists (from an earlier start)");
        return;
      } catch (ApiException absent) {
        if (absent.getCode() != 404) {
          throw absent;
        }
      }
      Build build = builds.createBuild(new BuildRequest().recipe(HELLO));
      log.println(
          "unicore: building " + HELLO + " (build " + build.getId() + ") for qemu and linuxu");
      log.flush();
      long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
      while (build.getState() == Build.StateEnum.QUEUED
          || build.getState() == Build.StateEnum.RUNNING) {
        if (System.nanoTime() > deadline) {
          throw new PlatformException("the " + HELLO + " build did not finish in 10 minutes");
        }
        exited()
            .ifPresent(
                part -> {
                  throw new PlatformException(
                      part + " stopped on its own; see " + options.data().resolve("logs"));
                });
        Thread.sleep(500);
        build = builds.getBuild(build.getId());
      }
      if (build.getState() != Build.StateEnum.SUCCEEDED) {
        StringBuilder tails = new StringBuilder();
        for (Task task : build.getTasks()) {
          List<String> lines = builds.getTaskLog(task.getId()).lines().toList();
          tails
              .append("\n--- ")
              .append(task.getTarget())
              .append(": ")
              .append(task.getFailureReason());
          lines
              .subList(Math.max(0, lines.size() - 15), lines.size())
              .forEach(line -> tails.append("\n    ").append(line));
        }
        throw new PlatformException(
            "the "
                + HELLO
                + " build "
                + build.getId()
                + " ended "
                + build.getState().getValue()
                + tails);
      }
      Task qemu =
          build.getTasks().stream()
              .filter(task -> task.getTarget().equals("qemu/x86_64"))
              .findFirst()
              .orElseThrow();
      deployments.createDeployment(
          new DeploymentRequest()
              .name(HELLO)
              .image("unicore/" + HELLO + "@" + qemu.getImageDigest())
              .platform(DeploymentRequest.PlatformEnum.QEMU)
              .replicas(1)
              .memoryMiB(16)
              .commandLine("world"));
      log.println("unicore: deployed " + HELLO + " on the local agent");
    } catch (ApiException e) {
      throw new PlatformException(
          "the control plane refused a step of the "
              + HELLO
              + " deployment: "
              + e.getResponseBody());
    }
    log.flush();
  }

  private static String token(ApiClient admin, String name, TokenRequest.RolesEnum role) {
    try {
      return new TokensApi(admin)
          .createToken(new TokenRequest().name(name).roles(List.of(role)))
          .getSecret();
    } catch (ApiException e) {
      throw new PlatformException("cannot create the " + name + " token: " + e.getResponseBody());
    }
  }

  /** The admin token of this data folder, made at the first start and kept (mode 600). */
  private String adminToken() throws IOException {
    Path file = options.data().resolve("admin-token");
    if (Files.exists(file)) {
      return Files.readString(file).trim();
    }
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    String token = "uc_local_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, token + "\n");
    return token;
  }

  private Path jar(String module) throws IOException {
    Path target = options.home().resolve(moduleFolder(module)).resolve("target");
    try (Stream<Path> files = Files.list(target)) {
      return files
          .filter(file -> file.getFileName().toString().matches(module + "-[0-9].*\\.jar"))
          .findFirst()
          .orElseThrow(() -> new PlatformException("no " + module + " jar in " + target));
    }
  }

  private static String moduleFolder(String module) {
    return module.equals("local-agent") ? "agents/local" : module;
  }
}
