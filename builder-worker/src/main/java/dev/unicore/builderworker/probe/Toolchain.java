package dev.unicore.builderworker.probe;

import dev.unicore.resolver.manifest.Catalog;
import dev.unicore.resolver.manifest.LibraryKind;
import dev.unicore.resolver.manifest.LibraryManifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * What this machine can build and boot, found by running the tools at start rather than trusting
 * configuration: the C compiler, make and the linker (their versions are part of every cache key),
 * QEMU. A platform is advertised when its library is in the catalog and the compiler can build one
 * of its architectures here; the compiler is the host's {@code gcc}, so the architecture is the
 * host's.
 *
 * @param versions the first line of each tool's {@code --version}, by command
 * @param platforms the platforms to advertise
 * @param architectures the architectures to advertise
 */
public record Toolchain(
    Map<String, String> versions, List<String> platforms, List<String> architectures) {

  private static final List<String> TOOLS =
      List.of("gcc", "make", "ld", "qemu-system-x86_64", "qemu-system-aarch64");

  public Toolchain {
    versions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(versions));
    platforms = List.copyOf(platforms);
    architectures = List.copyOf(architectures);
  }

  public static Toolchain probe(Catalog catalog) {
    Map<String, String> versions = new LinkedHashMap<>();
    for (String tool : TOOLS) {
      version(tool).ifPresent(version -> versions.put(tool, version));
    }
    List<String> architectures = new ArrayList<>();
    if (versions.containsKey("gcc") && versions.containsKey("make")) {
      hostArchitecture().ifPresent(architectures::add);
    }
    TreeSet<String> platforms = new TreeSet<>();
    for (LibraryManifest library : catalog.libraries()) {
      if (library.kind() == LibraryKind.PLATFORM
          && library.architectures().stream().anyMatch(architectures::contains)) {
        platforms.add(library.name());
      }
    }
    return new Toolchain(versions, List.copyOf(platforms), architectures);
  }

  /** The versions that decide what a build produces: compiler, make and linker. */
  public String buildVersion() {
    return String.join(
        "; ",
        List.of(
            versions.getOrDefault("gcc", "no gcc"),
            versions.getOrDefault("make", "no make"),
            versions.getOrDefault("ld", "no ld")));
  }

  static Optional<String> hostArchitecture() {
    return switch (System.getProperty("os.arch")) {
      case "amd64", "x86_64" -> Optional.of("x86_64");
      case "aarch64", "arm64" -> Optional.of("arm64");
      default -> Optional.empty();
    };
  }

  private static Optional<String> version(String command) {
    try {
      Process process = new ProcessBuilder(command, "--version").redirectErrorStream(true).start();
      process.getOutputStream().close();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
        return Optional.empty();
      }
      return output.lines().findFirst().map(String::strip);
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
