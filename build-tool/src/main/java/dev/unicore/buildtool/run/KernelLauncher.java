package dev.unicore.buildtool.run;

import dev.unicore.resolver.recipe.Target;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * Boots a built kernel: under QEMU for the {@code qemu} platform, as a Linux process for {@code
 * linuxu}. The console streams to the caller as it comes; the exit status is taken from the exit
 * marker, or from the QEMU isa-debug-exit code ({@code (status << 1) | 1}) or the process's exit
 * code when the marker is missing.
 */
public final class KernelLauncher {
  /** QEMU machine names accepted for x86_64, with the machine options each one boots with. */
  public static final Map<String, String> X86_64_MACHINES =
      Map.of("pc", "pc", "q35", "q35", "microvm", "microvm,x-option-roms=off,rtc=off");

  /**
   * What to boot with.
   *
   * @param machine the QEMU machine ({@link #X86_64_MACHINES}); ignored for linuxu
   * @param accelerator QEMU's accelerator: {@code tcg} (software emulation) or {@code kvm}; ignored
   *     for linuxu. Software emulation is the default because a {@code /dev/kvm} that exists is not
   *     always one that works (nested virtualization often fails on SSE).
   * @param memory the guest memory in QEMU's syntax ({@code 8M}, {@code 1280K}); ignored for linuxu
   * @param timeout how long the run may take; {@link Duration#ZERO} for no limit
   * @param arguments the application's arguments; empty to use the image's default command line
   */
  public record Options(
      String machine, String accelerator, String memory, Duration timeout, List<String> arguments) {
    public Options {
      arguments = List.copyOf(arguments);
    }

    public static Options defaults() {
      return new Options("pc", "tcg", "16M", Duration.ZERO, List.of());
    }
  }

  /** The command that boots {@code kernel} for {@code target}. */
  public static List<String> command(Target target, Path kernel, Options options) {
    List<String> command = new ArrayList<>();
    switch (target.platform()) {
      case "qemu" -> {
        if (!target.architecture().equals("x86_64")) {
          throw new UnsupportedOperationException(
              "booting qemu/" + target.architecture() + " is not supported yet");
        }
        String machine = X86_64_MACHINES.get(options.machine());
        if (machine == null) {
          throw new IllegalArgumentException(
              "unknown QEMU machine `"
                  + options.machine()
                  + "`; use one of: "
                  + String.join(", ", X86_64_MACHINES.keySet().stream().sorted().toList()));
        }
        command.addAll(
            List.of(
                "qemu-system-x86_64",
                "-M",
                machine,
                "-accel",
                options.accelerator(),
                "-cpu",
                cpuModel(options.accelerator()),
                "-nodefaults",
                "-no-reboot",
                "-display",
                "none",
                "-serial",
                "stdio",
                "-device",
                "isa-debug-exit,iobase=0xf4,iosize=0x04",
                "-m",
                options.memory(),
                "-kernel",
                kernel.toString()));
        if (!options.arguments().isEmpty()) {
          command.add("-append");
          command.add(kernelCommandLine(options.arguments()));
        }
      }
      case "linuxu" -> {
        command.add(kernel.toString());
        command.addAll(options.arguments());
      }
      default ->
          throw new UnsupportedOperationException(
              "cannot boot platform `" + target.platform() + "` on this machine");
    }
    return command;
  }

  /**
   * The CPU QEMU emulates: under software emulation the baseline qemu64 model plus RDRAND (which
   * TCG implements from the host's getrandom), the core's entropy source, without which the boot
   * warns that its canary and random numbers are guessable; under KVM the host's CPU.
   */
  static String cpuModel(String accelerator) {
    return accelerator.equals("kvm") ? "host" : "qemu64,+rdrand";
  }

  /**
   * Joins arguments into one kernel command line that the core splits back into the same argv:
   * words separated by spaces, double quotes grouping a word that contains spaces. A double quote
   * inside an argument cannot be expressed in that syntax and is refused.
   */
  static String kernelCommandLine(List<String> arguments) {
    List<String> words = new ArrayList<>();
    for (String argument : arguments) {
      if (argument.indexOf('"') >= 0) {
        throw new IllegalArgumentException(
            "argument "
                + argument
                + " contains a double quote, which a kernel command line cannot carry");
      }
      boolean needsQuotes =
          argument.isEmpty() || argument.chars().anyMatch(Character::isWhitespace);
      words.add(needsQuotes ? '"' + argument + '"' : argument);
    }
    return String.join(" ", words);
  }

  /**
   * Boots the kernel and waits for it to stop (or for the timeout).
   *
   * @param console receives the console output byte for byte as it comes
   */
  public RunOutcome run(Target target, Path kernel, Options options, OutputStream console) {
    ProcessBuilder builder = new ProcessBuilder(command(target, kernel, options));
    builder.redirectErrorStream(true);
    Process process;
    try {
      process = builder.start();
      process.getOutputStream().close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + builder.command().get(0), e);
    }
    ConsoleReader reader = new ConsoleReader(process.getInputStream(), console);
    Thread readerThread = new Thread(reader, "console-" + target.folderName());
    readerThread.start();
    boolean timedOut = false;
    try {
      if (options.timeout().isZero()) {
        process.waitFor();
      } else if (!process.waitFor(options.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
        timedOut = true;
        process.destroyForcibly();
        process.waitFor();
      }
      readerThread.join();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      timedOut = true;
    }
    int exitCode = process.exitValue();
    OptionalInt status = reader.exitStatus();
    if (status.isEmpty() && !timedOut) {
      status = statusFromExitCode(target, exitCode);
    }
    return new RunOutcome(reader.started(), status, exitCode, timedOut, reader.lines());
  }

  private static OptionalInt statusFromExitCode(Target target, int exitCode) {
    if (target.platform().equals("linuxu")) {
      return OptionalInt.of(exitCode);
    }
    // isa-debug-exit: QEMU exits with (status << 1) | 1. An even code is QEMU's own exit.
    return (exitCode & 1) == 1 ? OptionalInt.of(exitCode >> 1) : OptionalInt.empty();
  }

  /** Copies the console to the caller and watches it for the markers. */
  private static final class ConsoleReader implements Runnable {
    private final InputStream input;
    private final OutputStream console;
    private final List<String> lines = new ArrayList<>();
    private final ByteArrayOutputStream currentLine = new ByteArrayOutputStream();
    private boolean started;
    private OptionalInt exitStatus = OptionalInt.empty();

    ConsoleReader(InputStream input, OutputStream console) {
      this.input = input;
      this.console = console;
    }

    @Override
    public void run() {
      byte[] buffer = new byte[4096];
      try {
        int count;
        while ((count = input.read(buffer)) > 0) {
          console.write(buffer, 0, count);
          console.flush();
          for (int index = 0; index < count; index++) {
            if (buffer[index] == '\n') {
              endLine();
            } else {
              currentLine.write(buffer[index]);
            }
          }
        }
      } catch (IOException e) {
        // The process went away; what was read so far is the console.
      }
      if (currentLine.size() > 0) {
        endLine();
      }
    }

    private synchronized void endLine() {
      String line = currentLine.toString(StandardCharsets.UTF_8);
      currentLine.reset();
      lines.add(line);
      if (ConsoleMarkers.isStart(line)) {
        started = true;
      }
      OptionalInt status = ConsoleMarkers.exitStatus(line);
      if (status.isPresent()) {
        exitStatus = status;
      }
    }

    synchronized boolean started() {
      return started;
    }

    synchronized OptionalInt exitStatus() {
      return exitStatus;
    }

    synchronized List<String> lines() {
      return List.copyOf(lines);
    }
  }
}
