package dev.unicore.builderworker.image;

import dev.unicore.builderworker.engine.BuildJob;
import dev.unicore.resolver.recipe.Target;
import java.util.List;
import java.util.Objects;

/**
 * What an image says about the unikernel it holds: where it comes from (recipe, build, task), what
 * went into it (libraries and versions), how it boots (platform, command line) and what the smoke
 * boot found.
 *
 * @param recipe the recipe's name
 * @param recipeVersion the recipe's version
 * @param recipeDigest digest of the resolved plan and command line (see {@code InputDigest})
 * @param buildId the control plane's build id
 * @param taskId the control plane's task id
 * @param application the application's name
 * @param target the platform and architecture
 * @param commandLine the default command line compiled into the image
 * @param libraries the libraries in initialization order
 * @param smokeBoot {@code passed} or {@code not-booted}
 * @param toolchain the compiler and linker versions that built it
 */
public record ImageFacts(
    String recipe,
    int recipeVersion,
    String recipeDigest,
    long buildId,
    long taskId,
    String application,
    Target target,
    String commandLine,
    List<BuildJob.Library> libraries,
    String smokeBoot,
    String toolchain) {
  public ImageFacts {
    Objects.requireNonNull(recipe);
    Objects.requireNonNull(recipeDigest);
    Objects.requireNonNull(application);
    Objects.requireNonNull(target);
    Objects.requireNonNull(commandLine);
    libraries = List.copyOf(libraries);
    Objects.requireNonNull(smokeBoot);
    Objects.requireNonNull(toolchain);
  }

  /** The Go name of the architecture, which OCI platforms use. */
  public String ociArchitecture() {
    return switch (target.architecture()) {
      case "x86_64" -> "amd64";
      case "arm64", "aarch64" -> "arm64";
      default -> target.architecture();
    };
  }

  /** The virtual machine monitor the platform runs under; {@code none} for a Linux process. */
  public String vmm() {
    return switch (target.platform()) {
      case "linuxu" -> "none";
      default -> target.platform();
    };
  }

  /** Where the kernel lies inside the image. */
  public String binaryPath() {
    return "/unikernel/" + application + ".elf";
  }
}
