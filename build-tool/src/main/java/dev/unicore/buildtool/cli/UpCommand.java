package dev.unicore.buildtool.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code unicore up}: the platform on this machine with its embedded defaults. Builds the control
 * plane when needed and runs it in the foreground with its own PostgreSQL and the repository's
 * catalog imported; Ctrl-C stops it.
 */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = {
      "Run the platform locally with its embedded defaults: the control plane on --port, with an"
          + " embedded PostgreSQL and the catalog of unikernel/ imported. The REST contract is at"
          + " /v3/api-docs. Ctrl-C stops it.",
      "Exits with the control plane's exit status."
    })
final class UpCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description = "HTTP port. Default: ${DEFAULT-VALUE}.")
  int port = 8080;

  @Override
  public Integer call() throws Exception {
    Workspace workspace = Workspace.current();
    PrintWriter err = spec.commandLine().getErr();
    List<String> build = new ArrayList<>(TestCommand.maven(workspace));
    build.addAll(
        List.of(
            "-q",
            "-B",
            "-pl",
            "control-plane",
            "-am",
            "package",
            "-DskipTests",
            "-Dspotless.check.skip=true"));
    int built = TestCommand.run(workspace, build, err);
    if (built != 0) {
      return built;
    }
    Path jar = controlPlaneJar(workspace);
    return TestCommand.run(
        workspace,
        List.of(
            "java",
            "-Dunicore.home=" + workspace.home(),
            "-jar",
            jar.toString(),
            "--server.port=" + port,
            "--unicore.catalog.import-on-start=true"),
        err);
  }

  private static Path controlPlaneJar(Workspace workspace) throws Exception {
    try (Stream<Path> files = Files.list(workspace.home().resolve("control-plane/target"))) {
      return files
          .filter(file -> file.getFileName().toString().matches("control-plane-.*\\.jar"))
          .findFirst()
          .orElseThrow(
              () ->
                  new UserError(
                      "the control plane jar was not built",
                      "run `mvn -pl control-plane -am package` and look at its errors"));
    }
  }
}
