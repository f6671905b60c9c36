package dev.unicore.agent.local.runtime;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides between KVM and software emulation (TCG) once, at start. A {@code /dev/kvm} that exists
 * is not always one that works: nested virtualization may accept the device and then abort QEMU
 * when it resets the virtual CPU (on the development machine: "failed to set MSR 0x10a"). So {@code
 * auto} uses KVM only when the device is readable and writable <em>and</em> a probe QEMU with
 * {@code -accel kvm -cpu host} gets through machine creation and quits cleanly.
 */
public final class Accelerator {
  private static final Logger log = LoggerFactory.getLogger(Accelerator.class);

  private Accelerator() {}

  /** A way to ask whether QEMU runs under KVM here; tests replace it. */
  public interface Probe {
    boolean kvmWorks();
  }

  /**
   * @param configured {@code auto}, {@code kvm} or {@code tcg}
   * @return {@code kvm} or {@code tcg}
   */
  public static String choose(String configured, Path device, Probe probe) {
    switch (configured) {
      case "kvm", "tcg" -> {
        return configured;
      }
      case "auto" -> {
        if (!Files.exists(device)) {
          log.info("{} does not exist: software emulation (tcg)", device);
          return "tcg";
        }
        if (!Files.isReadable(device) || !Files.isWritable(device)) {
          log.info("{} exists but the agent cannot open it: software emulation (tcg)", device);
          return "tcg";
        }
        if (!probe.kvmWorks()) {
          log.warn("{} exists but QEMU fails under KVM: software emulation (tcg)", device);
          return "tcg";
        }
        log.info("KVM works: hardware acceleration (kvm)");
        return "kvm";
      }
      default ->
          throw new IllegalArgumentException(
              "unknown accelerator `" + configured + "`; use auto, kvm or tcg");
    }
  }

  /** Starts {@code qemu} under KVM with its monitor on standard input and tells it to quit. */
  public static Probe qemuProbe(String qemu) {
    return () -> {
      try {
        Process process =
            new ProcessBuilder(
                    List.of(
                        qemu,
                        "-accel",
                        "kvm",
                        "-cpu",
                        "host",
                        "-M",
                        "pc",
                        "-nodefaults",
                        "-no-reboot",
                        "-display",
                        "none",
                        "-monitor",
                        "stdio"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try (OutputStream input = process.getOutputStream()) {
          input.write("quit\n".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
          // QEMU already died; its exit code says how.
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          return false;
        }
        return process.exitValue() == 0;
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    };
  }
}
