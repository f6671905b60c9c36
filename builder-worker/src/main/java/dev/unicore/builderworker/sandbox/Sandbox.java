package dev.unicore.builderworker.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps the processes of a build — make (and through it the compiler) and the smoke boot (QEMU, or
 * the kernel itself for linuxu) — in a sandbox made of util-linux tools, so that compiling and
 * booting an untrusted recipe cannot reach the network, the worker's credentials or other builds.
 * The build engine itself (plan assembly, configuration, judging the console) runs in the worker;
 * it reads only the worker's own catalog and the plan, never the application's sources.
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
 * The wall-clock limit is the caller's: it {@linkplain Session#kill() kills} the task's sandboxed
 * processes. Not enforced: a total memory limit for the whole build (that needs a cgroup), and
 * reading world-readable files of the machine (there is no chroot).
 */
public final class Sandbox {
  private static final Logger log = LoggerFactory.getLogger(Sandbox.class);
  private static final String SANDBOX_PATH =
      "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  private final SandboxProperties properties;
  private final boolean root;

  public Sandbox(SandboxProperties properties) {
    this.properties = properties;
    this.root = "root".equals(System.getProperty("user.name"));
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
   * The sandbox of one task: wraps its commands and can kill everything they started.
   *
   * @param taskDirectory the task folder; {@code HOME}, and {@code TMPDIR} is its {@code tmp/}
   * @param slot the task slot, which picks the user id
   */
  public Session session(Path taskDirectory, int slot) {
    return new Session(prefix(uidFor(slot)), taskDirectory);
  }

  /**
   * The sandboxed commands of one task. Each command is marked by its task folder ({@code
   * HOME=<task folder>} on its command line), which is how {@link #kill()} finds them among the
   * worker's child processes. Once killed, the session wraps every further command into one that
   * fails at once, so a process cannot slip through between a check and its start.
   */
  public static final class Session {
    private final List<String> prefix;
    private final String marker;
    private volatile boolean killed;

    private Session(List<String> prefix, Path taskDirectory) {
      List<String> command = new ArrayList<>(prefix);
      this.marker = "HOME=" + taskDirectory;
      command.add(marker);
      command.add("TMPDIR=" + taskDirectory.resolve("tmp"));
      command.add("MALLOC_ARENA_MAX=2");
      this.prefix = List.copyOf(command);
    }

    /** {@code command} inside the sandbox; a command that fails at once after {@link #kill()}. */
    public List<String> wrap(List<String> command) {
      if (killed) {
        return List.of("false");
      }
      List<String> wrapped = new ArrayList<>(prefix);
      wrapped.addAll(command);
      return wrapped;
    }

    /**
     * Kills every process this session started that still runs, and everything below them; the
     * caller repeats it until the thread that starts them has stopped.
     */
    public void kill() {
      killed = true;
      ProcessHandle.current().children().filter(this::marked).forEach(Sandbox::kill);
    }

    /**
     * Whether {@code process} is one of this session's: the marker is on the command line of {@code
     * unshare} (sandbox on), or in the environment of the command {@code env -i} became (sandbox
     * off).
     */
    private boolean marked(ProcessHandle process) {
      if (process.info().arguments().map(List::of).orElse(List.of()).contains(marker)) {
        return true;
      }
      try {
        byte[] environment = Files.readAllBytes(Path.of("/proc", process.pid() + "", "environ"));
        return List.of(new String(environment, StandardCharsets.UTF_8).split("\0"))
            .contains(marker);
      } catch (IOException e) {
        return false;
      }
    }
  }

  /** Kills a sandboxed process and everything below it. */
  public static void kill(ProcessHandle process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
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
}
