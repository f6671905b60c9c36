package dev.unicore.builderworker.sandbox;

import dev.unicore.builderworker.engine.SandboxedBuild;
import dev.unicore.buildtool.build.KernelBuilder;
import dev.unicore.resolver.manifest.Catalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the build engine ({@link SandboxedBuild}) in its own JVM inside a sandbox made of
 * util-linux tools, so that compiling and booting an untrusted recipe cannot reach the network, the
 * worker's credentials or other builds:
 *
 * <ul>
 *   <li>{@code setpriv --pdeathsig KILL} and {@code unshare --kill-child}: when the worker dies,
 *       even by SIGKILL, the whole build dies with it;
 *   <li>{@code unshare --net --pid --mount-proc --ipc --uts --mount}: no network (an empty network
 *       namespace), its own process tree (it cannot see or signal the worker; killing its first
 *       process kills all of it), its own mounts (a fresh {@code /proc});
 *   <li>as root, {@code setpriv --reuid}: a user id of its own per task slot, no supplementary
 *       groups, no capabilities, {@code no_new_privs}; it can write only its task folder; otherwise
 *       a user namespace ({@code unshare --user --map-root-user});
 *   <li>{@code prlimit}: CPU seconds, address space, processes, file size, open files per process,
 *       no core files;
 *   <li>{@code env -i}: a clean environment (no token, no registry password, no proxy settings),
 *       with {@code TMPDIR} pointing at a private temporary folder in the task folder (mode 700,
 *       owned by the build's user).
 * </ul>
 *
 * The wall-clock limit is the caller's: it kills the process this class starts. Not enforced: a
 * total memory limit for the whole build (that needs a cgroup), and reading world-readable files of
 * the machine (there is no chroot).
 *
 * <p>The engine's class path (this module's engine classes, the build tool, the resolver and their
 * TOML parser) is copied at start into {@code <work>/engine}, readable by the build users.
 */
public final class Sandbox {
  private static final Logger log = LoggerFactory.getLogger(Sandbox.class);
  private static final String SANDBOX_PATH =
      "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  private final SandboxProperties properties;
  private final boolean root;
  private final String classPath;
  private final String javaCommand;

  public Sandbox(SandboxProperties properties, Path workDirectory) {
    this.properties = properties;
    this.root = "root".equals(System.getProperty("user.name"));
    this.javaCommand = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    this.classPath = stageEngine(workDirectory.resolve("engine"));
  }

  /** True when builds run under another user id, which then must own the task folder. */
  public boolean switchesUser() {
    return properties.enabled() && root;
  }

  /** The user id the build of task slot {@code slot} runs as (when {@link #switchesUser()}). */
  public int uidFor(int slot) {
    return properties.firstUid() + slot;
  }

  /**
   * Runs {@code true} in the sandbox to find out whether it works on this machine.
   *
   * @throws IllegalStateException saying what failed and what to do
   */
  public void check() {
    if (!properties.enabled()) {
      log.warn(
          "The build sandbox is switched off (unicore.worker.sandbox.enabled=false): builds run"
              + " with the worker's user, network and file access. Never do this with untrusted"
              + " recipes.");
      return;
    }
    List<String> command = new ArrayList<>(prefix(uidFor(0)));
    command.add("true");
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getOutputStream().close();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(
            "the build sandbox does not work on this machine ("
                + output.strip()
                + "); it needs util-linux's unshare, setpriv and prlimit and either root or user"
                + " namespaces. Fix that, or set unicore.worker.sandbox.enabled=false (unsafe)");
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the build sandbox: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking the sandbox", e);
    }
    log.info(
        "Build sandbox works: {} namespaces, limits: {} CPU s, {} address space, {} processes per"
            + " build; time limit {}",
        root ? "user " + uidFor(0) + "+, " : "user-namespace, ",
        properties.cpuSeconds(),
        properties.addressSpace(),
        properties.processes(),
        properties.timeLimit());
  }

  /**
   * Starts the engine on {@code jobFile}; its standard output (merged with standard error) is the
   * build log.
   *
   * @param slot the task slot, which picks the user id
   */
  public Process start(Path jobFile, Path taskDirectory, int slot) throws IOException {
    List<String> command = new ArrayList<>(prefix(uidFor(slot)));
    Path temporary = taskDirectory.resolve("tmp");
    command.add("HOME=" + taskDirectory);
    command.add("TMPDIR=" + temporary);
    command.add("MALLOC_ARENA_MAX=2");
    command.addAll(
        List.of(
            javaCommand,
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-XX:-UsePerfData",
            "-Xshare:auto",
            "-Xmx128m",
            "-XX:CompressedClassSpaceSize=64m",
            "-XX:ReservedCodeCacheSize=32m",
            "-Djava.io.tmpdir=" + temporary,
            "-cp",
            classPath,
            SandboxedBuild.class.getName(),
            jobFile.toString()));
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(taskDirectory.toFile()).redirectErrorStream(true);
    Process process = builder.start();
    process.getOutputStream().close();
    return process;
  }

  /** Kills a build: the sandbox's first process and everything below it. */
  public static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The command up to and including {@code env -i PATH=… TMPDIR=…}; the caller adds the rest. */
  List<String> prefix(int uid) {
    List<String> command = new ArrayList<>();
    if (properties.enabled()) {
      command.addAll(List.of("setpriv", "--pdeathsig", "KILL", "--"));
      command.add("unshare");
      if (!root) {
        command.addAll(List.of("--user", "--map-root-user"));
      }
      command.addAll(
          List.of(
              "--kill-child=KILL",
              "--fork",
              "--pid",
              "--mount-proc",
              "--net",
              "--ipc",
              "--uts",
              "--mount",
              "--"));
      // Changing the user id clears the parent-death signal that --kill-child set; set it again.
      command.addAll(List.of("setpriv", "--pdeathsig", "KILL"));
      if (root) {
        command.addAll(
            List.of(
                "--reuid=" + uid,
                "--regid=" + uid,
                "--clear-groups",
                "--inh-caps=-all",
                "--bounding-set=-all"));
      }
      command.addAll(List.of("--no-new-privs", "--"));
      command.addAll(
          List.of(
              "prlimit",
              "--cpu=" + properties.cpuSeconds(),
              "--as=" + properties.addressSpace().toBytes(),
              "--nproc=" + properties.processes(),
              "--fsize=" + properties.fileSize().toBytes(),
              "--nofile=4096",
              "--core=0",
              "--"));
    }
    command.addAll(List.of("env", "-i", "PATH=" + SANDBOX_PATH, "LANG=C.UTF-8"));
    return command;
  }

  /**
   * Copies the jars (or class folders) of the engine's class path to {@code engineDirectory}, so
   * that a build user who cannot read the worker's own files can still run it.
   */
  private static String stageEngine(Path engineDirectory) {
    Set<Path> sources = new LinkedHashSet<>();
    for (Class<?> type :
        List.of(
            SandboxedBuild.class,
            KernelBuilder.class,
            Catalog.class,
            classNamed("org.tomlj.Toml"),
            classNamed("org.antlr.v4.runtime.CharStream"))) {
      sources.add(location(type));
    }
    try {
      Files.createDirectories(engineDirectory);
      List<String> entries = new ArrayList<>();
      int index = 0;
      for (Path source : sources) {
        Path copy = engineDirectory.resolve(index++ + "-" + source.getFileName());
        copyTree(source, copy);
        entries.add(copy.toString());
      }
      makeReadable(engineDirectory);
      return String.join(java.io.File.pathSeparator, entries);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stage the build engine in " + engineDirectory, e);
    }
  }

  private static Class<?> classNamed(String name) {
    try {
      return Class.forName(name);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("the build engine needs " + name + " on the class path", e);
    }
  }

  private static Path location(Class<?> type) {
    CodeSource source = type.getProtectionDomain().getCodeSource();
    try {
      if (source != null && "file".equals(source.getLocation().getProtocol())) {
        return Path.of(source.getLocation().toURI());
      }
    } catch (URISyntaxException e) {
      // Falls through to the explanation below.
    }
    throw new IllegalStateException(
        "cannot find the jar of "
            + type.getName()
            + " ("
            + (source == null ? "no code source" : source.getLocation())
            + "): run the worker from a plain class path or from the extracted layout"
            + " (java -Djarmode=tools -jar builder-worker.jar extract), not from the nested jar");
  }

  private static void copyTree(Path source, Path target) throws IOException {
    if (Files.isRegularFile(source)) {
      Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
      return;
    }
    try (Stream<Path> files = Files.walk(source)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Path copy = target.resolve(source.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(copy);
        } else {
          Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private static void makeReadable(Path directory) throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Files.setPosixFilePermissions(
            file,
            PosixFilePermissions.fromString(Files.isDirectory(file) ? "rwxr-xr-x" : "rw-r--r--"));
      }
    }
  }
}
