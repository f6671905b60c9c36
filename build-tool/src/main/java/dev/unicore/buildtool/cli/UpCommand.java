package dev.unicore.buildtool.cli;

import dev.unicore.buildtool.platform.LocalPlatform;
import dev.unicore.buildtool.platform.PlatformException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code unicore up}: the whole platform on this machine with its embedded defaults — registry,
 * control plane with its own PostgreSQL, one builder worker, one local agent — with the hello
 * example built and deployed. Prints where everything is, runs until interrupted, then stops every
 * process it started.
 */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = {
      "Run the whole platform locally with its embedded defaults: the OCI registry, the control"
          + " plane (embedded PostgreSQL, catalog of unikernel/ imported), one builder worker and"
          + " one local agent; builds the hello example for qemu and linuxu and deploys it. Prints"
          + " the lines `dashboard: URL`, `api: URL`, `registry: HOST:PORT` and `token: TOKEN`"
          + " (the admin token of the data folder), then runs until Ctrl-C and stops every"
          + " process it started.",
      "Everything it keeps (database, images, caches, logs) lives in --data and survives a"
          + " restart. Exits 0 after Ctrl-C, 1 when a part fails to start or stops on its own."
    })
final class UpCommand implements Callable<Integer> {
  private static final List<String> MODULES =
      List.of("control-plane", "image-registry", "builder-worker", "agents/local");

  @Spec CommandSpec spec;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description = "The control plane's HTTP port (API and dashboard). Default: ${DEFAULT-VALUE}.")
  int port = 8080;

  @Option(
      names = "--registry-port",
      paramLabel = "PORT",
      description = "The registry's port. Default: ${DEFAULT-VALUE}.")
  int registryPort = 5000;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "The data folder. Default: .unicore/ in the repository.")
  Path data;

  @Override
  public Integer call() throws Exception {
    Workspace workspace = Workspace.current();
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    List<String> build = new ArrayList<>(TestCommand.maven(workspace));
    build.addAll(
        List.of(
            "-q",
            "-B",
            "-pl",
            String.join(",", MODULES),
            "-am",
            "package",
            "-DskipTests",
            "-Dspotless.check.skip=true"));
    int built = TestCommand.run(workspace, build, err);
    if (built != 0) {
      return built;
    }
    Path folder = data != null ? data.toAbsolutePath() : workspace.home().resolve(".unicore");
    LocalPlatform platform =
        new LocalPlatform(
            new LocalPlatform.Options(workspace.home(), folder, port, registryPort, true), err);
    Thread shutdown = new Thread(platform::close, "unicore-up-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdown);
    try {
      LocalPlatform.Endpoints endpoints = platform.start();
      out.println("dashboard: " + endpoints.dashboard());
      out.println("api: " + endpoints.api());
      out.println("registry: " + endpoints.registry());
      out.println("token: " + endpoints.token());
      out.flush();
      err.println("unicore: running; Ctrl-C stops every part (data in " + folder + ")");
      err.flush();
      while (true) {
        Optional<String> exited = platform.exited();
        if (exited.isPresent()) {
          throw new PlatformException(
              exited.get() + " stopped on its own; see " + folder.resolve("logs"));
        }
        Thread.sleep(1000);
      }
    } catch (PlatformException e) {
      err.println("unicore: error: " + e.getMessage());
      err.flush();
      Runtime.getRuntime().removeShutdownHook(shutdown);
      platform.close();
      return 1;
    }
  }
}
