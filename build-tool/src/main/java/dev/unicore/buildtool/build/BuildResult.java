package dev.unicore.buildtool.build;

import dev.unicore.resolver.recipe.Target;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A kernel that was built (or found up to date) for one target.
 *
 * @param target the platform and architecture
 * @param kernel the kernel ELF (a Linux executable for linuxu)
 * @param sizeBytes the kernel file's size
 * @param duration how long the build took, configuration included
 * @param upToDate true when nothing had to be rebuilt
 */
public record BuildResult(
    Target target, Path kernel, long sizeBytes, Duration duration, boolean upToDate) {}
