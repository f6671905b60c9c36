package dev.unicore.buildtool.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
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
          + " embedded PostgreSQL and the catalog of unikernel/ imported; it prints an admin token"
          + " made for this run. The REST contract is at /v3/api-docs. Ctrl-C stops it.",
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
    String adminToken = newAdminToken();
    err.println("unicore: the control plane will listen on http://127.0.0.1:" + port);
    err.println("unicore: admin token for this run: " + adminToken);
    err.println(
        "  try: curl -H 'Authorization: Bearer "
            + adminToken
            + "' http://127.0.0.1:"
            + port
            + "/api/v1/libraries");
    err.flush();
    return TestCommand.run(
        workspace,
        List.of(
            "java",
            "-Dunicore.home=" + workspace.home(),
            "-jar",
            jar.toString(),
            "--server.port=" + port,
            "--unicore.catalog.import-on-start=true",
            "--unicore.auth.bootstrap-admin-token=" + adminToken),
        err);
  }

  /** A fresh random admin secret per run, so a local platform is never open to anyone. */
  private static String newAdminToken() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return "uc_local_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
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
