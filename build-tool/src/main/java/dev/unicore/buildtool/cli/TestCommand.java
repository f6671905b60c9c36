package dev.unicore.buildtool.cli;

import dev.unicore.buildtool.setup.SystemPackages;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code unicore test}: every test of the repository in one command. Installs what the tests need
 * from Debian when it can, then runs the Maven build to {@code verify} (formatting checks for Java
 * and C, unit tests, and the integration tests that build the core through this tool and boot it
 * under QEMU and as a Linux process), then the core's own self-tests ({@code
 * unikernel/tests/run.sh}: the make interface and the boot contract, independent of Java), which
 * end with the line {@code N passed, N failed}. Both always run; the first failure's status wins.
 */
@Command(
    name = "test",
    mixinStandardHelpOptions = true,
    description = {
      "Run every test, Java and C: install missing system packages (gcc, make, QEMU,"
          + " clang-format) as root or through sudo, or name them; then run `mvn verify` and the"
          + " core's self-tests (unikernel/tests/run.sh).",
      "Exits with the status of the test run; 1 when a package is missing and cannot be installed."
    })
final class TestCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--no-install", description = "Only name missing packages; install nothing.")
  boolean noInstall;

  @Parameters(
      paramLabel = "MAVEN-ARG",
      description =
          "Extra Maven arguments after --, e.g. -- -pl recipe-resolver -Dtest=ResolverTest")
  List<String> mavenArguments = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    Workspace workspace = Workspace.current();
    PrintWriter err = spec.commandLine().getErr();
    if (!new SystemPackages(SystemPackages.TESTS, err).ensureInstalled(!noInstall)) {
      return UnicoreCommand.EXIT_INPUT_PROBLEM;
    }
    List<String> mavenCommand = new ArrayList<>(maven(workspace));
    mavenCommand.addAll(List.of("-B", "verify"));
    mavenCommand.addAll(mavenArguments);
    int mavenStatus = run(workspace, mavenCommand, err);
    int coreStatus =
        run(
            workspace,
            List.of("bash", workspace.unikernelRoot().resolve("tests/run.sh").toString()),
            err);
    return mavenStatus != 0 ? mavenStatus : coreStatus;
  }

  static int run(Workspace workspace, List<String> command, PrintWriter err) throws Exception {
    err.println("unicore: " + String.join(" ", command));
    err.flush();
    return new ProcessBuilder(command)
        .directory(workspace.home().toFile())
        .inheritIO()
        .start()
        .waitFor();
  }

  /** Maven from the PATH, or the repository's wrapper, which fetches Maven on first use. */
  static List<String> maven(Workspace workspace) {
    String fromLauncher = System.getenv("UNICORE_MAVEN");
    if (fromLauncher != null && !fromLauncher.isBlank()) {
      return List.of(fromLauncher);
    }
    return List.of(workspace.home().resolve("mvnw").toString());
  }
}
