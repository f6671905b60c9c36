package dev.unicore.buildtool.setup;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The system tools the test suite needs (compilers, QEMU, the C formatter), found on the PATH, and
 * their installation from Debian packages when some are missing: directly as root, through {@code
 * sudo} when it works without a password, otherwise by naming the command to run.
 */
public final class SystemPackages {
  /** Commands a build needs, each with the Debian package that provides it. */
  public static final Map<String, String> BUILD = Map.of("gcc", "gcc", "make", "make");

  /** Commands a qemu/x86_64 boot needs. */
  public static final Map<String, String> QEMU_X86_64 =
      Map.of("qemu-system-x86_64", "qemu-system-x86");

  /**
   * Commands the whole test suite needs: builds, boots, the C formatting check, OCI clients and the
   * browser of the dashboard's test.
   */
  public static final Map<String, String> TESTS = testCommands();

  private final Map<String, String> packagesByCommand;
  private final Predicate<String> onPath;
  private final PrintWriter log;

  /**
   * @param packagesByCommand the commands needed, each with the Debian package providing it
   * @param log where progress and the fix for missing packages are printed
   */
  public SystemPackages(Map<String, String> packagesByCommand, PrintWriter log) {
    this(packagesByCommand, SystemPackages::isOnPath, log);
  }

  SystemPackages(Map<String, String> packagesByCommand, Predicate<String> onPath, PrintWriter log) {
    this.packagesByCommand = new TreeMap<>(packagesByCommand);
    this.onPath = onPath;
    this.log = log;
  }

  private static Map<String, String> testCommands() {
    Map<String, String> commands = new TreeMap<>(BUILD);
    commands.putAll(QEMU_X86_64);
    commands.put("clang-format", "clang-format");
    // The image registry's integration tests drive it with real OCI clients.
    commands.put("skopeo", "skopeo");
    commands.put("umoci", "umoci");
    // The control plane's dashboard test drives Debian's Chromium through its driver.
    commands.put("chromium", "chromium");
    commands.put("chromedriver", "chromium-driver");
    return Collections.unmodifiableMap(commands);
  }

  /** The Debian packages whose commands are missing, in a stable order. */
  public List<String> missingPackages() {
    List<String> packages = new ArrayList<>();
    packagesByCommand.forEach(
        (command, debianPackage) -> {
          if (!onPath.test(command) && !packages.contains(debianPackage)) {
            packages.add(debianPackage);
          }
        });
    return packages;
  }

  /**
   * Installs the missing packages when this process may.
   *
   * @return true when nothing is missing any more; false after naming what the user must install
   */
  public boolean ensureInstalled(boolean mayInstall) throws IOException, InterruptedException {
    List<String> missing = missingPackages();
    if (missing.isEmpty()) {
      return true;
    }
    String packages = String.join(" ", missing);
    List<String> prefix = privilegePrefix();
    if (!mayInstall || prefix == null) {
      log.println("unicore: missing system packages: " + packages);
      log.println(
          "  fix: sudo apt-get update && sudo apt-get install -y --no-install-recommends "
              + packages);
      log.flush();
      return false;
    }
    log.println("unicore: installing missing system packages: " + packages);
    log.flush();
    if (run(concat(prefix, List.of("apt-get", "update", "-qq"))) != 0) {
      log.println("unicore: apt-get update failed; trying to install from the cached lists");
    }
    List<String> install =
        new ArrayList<>(List.of("apt-get", "install", "-y", "-qq", "--no-install-recommends"));
    install.addAll(missing);
    int status = run(concat(prefix, install));
    log.flush();
    return status == 0 && missingPackages().isEmpty();
  }

  /** Empty as root, {@code sudo -n} when sudo works without a password, null when neither. */
  private static List<String> privilegePrefix() throws IOException, InterruptedException {
    if ("root".equals(System.getProperty("user.name"))) {
      return List.of();
    }
    if (isOnPath("sudo") && run(List.of("sudo", "-n", "true")) == 0) {
      return List.of("sudo", "-n", "DEBIAN_FRONTEND=noninteractive");
    }
    return null;
  }

  private static int run(List<String> command) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
    builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
    return builder.start().waitFor();
  }

  private static List<String> concat(List<String> first, List<String> second) {
    List<String> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }

  static boolean isOnPath(String command) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String folder : path.split(":")) {
      if (!folder.isEmpty() && Files.isExecutable(Path.of(folder, command))) {
        return true;
      }
    }
    return false;
  }
}
