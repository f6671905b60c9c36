package dev.unicore.builderworker.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unicore.client.ControlPlaneClients;
import dev.unicore.client.api.BuildsApi;
import dev.unicore.client.api.RecipesApi;
import dev.unicore.client.api.TokensApi;
import dev.unicore.client.invoker.ApiClient;
import dev.unicore.client.model.Build;
import dev.unicore.client.model.BuildRequest;
import dev.unicore.client.model.LibraryChoice;
import dev.unicore.client.model.RecipeRequest;
import dev.unicore.client.model.TokenRequest;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * The real components the integration tests run against, started once per test JVM as processes:
 * the control plane's jar (embedded PostgreSQL, leases of 3 s) and the registry's jar (token auth,
 * one push account), both over a copy of the repository's unikernel tree plus the test application
 * {@code spin}. Workers are started as processes of their own ({@link #startWorker}).
 */
final class TestPlatform {
  static final String ADMIN_TOKEN = "uc_builder_worker_it_admin_0123456789";
  static final String REGISTRY_USER = "builder";
  static final String REGISTRY_PASSWORD = "push-secret-for-tests";
  private static TestPlatform instance;

  final Path directory;
  final Path unikernel;
  final int controlPlanePort;
  final int registryPort;
  final ApiClient admin;
  final String workerToken;
  private final List<Process> processes = new ArrayList<>();
  private int workers;

  static synchronized TestPlatform get() throws Exception {
    if (instance == null) {
      instance = new TestPlatform();
      Runtime.getRuntime().addShutdownHook(new Thread(instance::stopAll));
    }
    return instance;
  }

  private TestPlatform() throws Exception {
    directory = Files.createTempDirectory("builder-worker-it-");
    Files.setPosixFilePermissions(
        directory, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    unikernel = directory.resolve("unikernel");
    Path home = Path.of(System.getProperty("unicore.home"));
    copyTree(home.resolve("unikernel"), unikernel);
    copyTree(
        Path.of("src/test/resources/apps/spin").toAbsolutePath(), unikernel.resolve("apps/spin"));

    registryPort = freePort();
    String hash = new BCryptPasswordEncoder().encode(REGISTRY_PASSWORD);
    start(
        "registry",
        List.of(
            "java",
            "-jar",
            privateCopy(System.getProperty("unicore.test.registry-jar")),
            "--server.port=" + registryPort,
            "--server.address=127.0.0.1",
            "--unicore.registry.storage.root=" + directory.resolve("registry"),
            "--unicore.registry.auth.enabled=true",
            "--unicore.registry.auth.accounts[0].name=" + REGISTRY_USER,
            "--unicore.registry.auth.accounts[0].secret-hash=" + hash,
            "--unicore.registry.auth.accounts[0].access[0].repository=*",
            "--unicore.registry.auth.accounts[0].access[0].actions=pull,push"));
    controlPlanePort = freePort();
    start(
        "control-plane",
        List.of(
            "java",
            "-jar",
            privateCopy(System.getProperty("unicore.test.control-plane-jar")),
            "--server.port=" + controlPlanePort,
            "--server.address=127.0.0.1",
            "--unicore.auth.bootstrap-admin-token=" + ADMIN_TOKEN,
            "--unicore.catalog.unikernel-root=" + unikernel,
            "--unicore.recipes.applications-root=" + unikernel.resolve("apps"),
            "--unicore.builds.lease-duration=3s",
            "--unicore.builds.reap-interval=500ms"));
    awaitHttp("http://127.0.0.1:" + registryPort + "/actuator/health", Duration.ofSeconds(90));
    awaitHttp(
        "http://127.0.0.1:" + controlPlanePort + "/actuator/health/readiness",
        Duration.ofSeconds(120));
    admin = client(ADMIN_TOKEN);
    new dev.unicore.client.api.CatalogApi(admin).importCatalog();
    workerToken =
        new TokensApi(admin)
            .createToken(
                new TokenRequest()
                    .name("builder-worker-it")
                    .roles(List.of(TokenRequest.RolesEnum.WORKER)))
            .getSecret();
  }

  ApiClient client(String token) {
    return ControlPlaneClients.create(
        URI.create("http://127.0.0.1:" + controlPlanePort), token, Duration.ofSeconds(30));
  }

  /** A running worker process. */
  record Worker(Process process, int port, Path workDirectory, Path log) {
    String metrics() throws Exception {
      return get("http://127.0.0.1:" + port + "/actuator/prometheus");
    }

    /** The value of a Prometheus sample whose line starts with {@code prefix}; 0 when absent. */
    double metric(String prefix) throws Exception {
      return metrics()
          .lines()
          .filter(line -> line.startsWith(prefix))
          .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
          .sum();
    }
  }

  /**
   * Starts a worker process with extra {@code --key=value} arguments and waits until it registered.
   */
  Worker startWorker(String... arguments) throws Exception {
    int number = ++workers;
    int port = freePort();
    Path work = directory.resolve("worker-" + number);
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "dev.unicore.builderworker.BuilderWorkerApplication",
                "--server.port=" + port,
                "--server.address=127.0.0.1",
                "--unicore.worker.name=it-worker-" + number,
                "--unicore.worker.control-plane-url=http://127.0.0.1:" + controlPlanePort,
                "--unicore.worker.token=" + workerToken,
                "--unicore.worker.registry.url=http://127.0.0.1:" + registryPort,
                "--unicore.worker.registry.username=" + REGISTRY_USER,
                "--unicore.worker.registry.password=" + REGISTRY_PASSWORD,
                "--unicore.worker.unikernel-root=" + unikernel,
                "--unicore.worker.work-directory=" + work,
                "--unicore.worker.lease-wait=2s"));
    command.addAll(List.of(arguments));
    Process process = start("worker-" + number, command);
    Worker worker = new Worker(process, port, work, directory.resolve("worker-" + number + ".log"));
    await(
        "worker " + number + " registered (log: " + worker.log() + ")",
        Duration.ofSeconds(60),
        () -> {
          try {
            return !process.isAlive()
                || get("http://127.0.0.1:" + port + "/actuator/health").contains("\"UP\"");
          } catch (Exception e) {
            return false;
          }
        });
    assertThat(process.isAlive()).as("worker %d is running; see %s", number, worker.log()).isTrue();
    return worker;
  }

  void createRecipe(
      String name,
      String application,
      List<String> requires,
      List<String> libraries,
      List<String> targets,
      String commandLine)
      throws Exception {
    new RecipesApi(admin)
        .createRecipe(
            new RecipeRequest()
                .name(name)
                .application(application)
                .requires(requires)
                .libraries(
                    libraries.stream().map(library -> new LibraryChoice().name(library)).toList())
                .targets(targets)
                .commandLine(commandLine));
  }

  Build build(String recipe) throws Exception {
    return new BuildsApi(admin).createBuild(new BuildRequest().recipe(recipe).noCache(true));
  }

  Build awaitBuild(long id, Duration timeout) throws Exception {
    BuildsApi builds = new BuildsApi(admin);
    await(
        "build " + id + " ended",
        timeout,
        () -> {
          try {
            String state = builds.getBuild(id).getState().getValue();
            return !state.equals("queued") && !state.equals("running");
          } catch (Exception e) {
            return false;
          }
        });
    return builds.getBuild(id);
  }

  String taskLog(long taskId) throws Exception {
    return new BuildsApi(admin).getTaskLog(taskId);
  }

  /** Runs skopeo against the test registry with the push account; returns its standard output. */
  String skopeo(String... arguments) throws Exception {
    List<String> command = new ArrayList<>(List.of("skopeo"));
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("skopeo %s: %s", command, output).isZero();
    return output;
  }

  String imageReference(String repository, String reference) {
    return "docker://127.0.0.1:" + registryPort + "/" + repository + ":" + reference;
  }

  /** GET on the registry with a pull token for {@code repository}. */
  String registryGet(String repository, String path) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String basic =
        Base64.getEncoder()
            .encodeToString(
                (REGISTRY_USER + ":" + REGISTRY_PASSWORD).getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> tokenResponse =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:"
                            + registryPort
                            + "/token?service=unicore-registry&scope=repository:"
                            + repository
                            + ":pull"))
                .header("Authorization", "Basic " + basic)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    String token =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(tokenResponse.body())
            .get("token")
            .asText();
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + registryPort + path))
                .header("Authorization", "Bearer " + token)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
    return response.body();
  }

  static void await(String what, Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting until " + what);
      }
      Thread.sleep(50);
    }
  }

  static String get(String url) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    return response.body();
  }

  private Process start(String name, List<String> command) throws IOException {
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(directory.resolve(name + ".log").toFile())
            .start();
    synchronized (processes) {
      processes.add(process);
    }
    return process;
  }

  private static void awaitHttp(String url, Duration timeout) throws InterruptedException {
    await(
        url + " answers",
        timeout,
        () -> {
          try {
            HttpResponse<Void> response =
                HttpClient.newHttpClient()
                    .send(
                        HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
          } catch (Exception e) {
            return false;
          }
        });
  }

  private void stopAll() {
    synchronized (processes) {
      for (Process process : processes) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    }
  }

  /**
   * A copy of a jar in the test's folder: the module's own jar may be rebuilt by another build of
   * the tree while the tests run, and a JVM whose jar is replaced under it fails with missing
   * classes.
   */
  private String privateCopy(String jar) throws IOException {
    Path copy = directory.resolve(Path.of(jar).getFileName());
    Files.copy(Path.of(jar), copy, StandardCopyOption.REPLACE_EXISTING);
    return copy.toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path file : (Iterable<Path>) walk::iterator) {
        Path relative = from.relativize(file);
        if (relative.toString().matches("(.*/)?build(/.*)?")) {
          continue;
        }
        Path copy = to.resolve(relative.toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(copy);
        } else if (Files.isRegularFile(file)) {
          Files.copy(
              file, copy, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
