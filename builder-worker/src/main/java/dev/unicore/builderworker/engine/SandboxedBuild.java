package dev.unicore.builderworker.engine;

import dev.unicore.buildtool.build.BuildFailedException;
import dev.unicore.buildtool.build.BuildResult;
import dev.unicore.buildtool.build.KernelBuilder;
import dev.unicore.resolver.BuildPlan;
import dev.unicore.resolver.manifest.Catalog;
import dev.unicore.resolver.manifest.CatalogLoader;
import dev.unicore.resolver.toml.DefinitionException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The build engine of one task: turns the leased plan back into the resolver's plan, builds it with
 * the build tool's engine ({@link KernelBuilder}, the same code as {@code unicore build}) and
 * smoke-boots the kernel, passing every log and console line on as it comes.
 *
 * <p>It runs in the worker's JVM, but every process it starts — make and the compiler, QEMU or the
 * linuxu kernel — goes through the {@code sandbox} wrapper (namespaces, another user, limits, a
 * clean environment). It depends on nothing but the build tool, the resolver and the JDK.
 *
 * <p>The kernel make wrote lies in a folder the sandboxed build owns, so it is checked (a regular
 * file inside the output folder, not a link) and copied to {@code keptKernel}, a file the build
 * cannot reach, before the smoke boot; the outcome names that copy.
 */
public final class SandboxedBuild {
  private SandboxedBuild() {}

  /** Builds and boots the job; every log line goes to {@code log} as it is printed. */
  public static BuildOutcome run(
      BuildJob job, UnaryOperator<List<String>> sandbox, Path keptKernel, Consumer<String> log) {
    long started = System.nanoTime();
    BuildPlan plan;
    try {
      Catalog catalog = CatalogLoader.load(job.unikernelRoot());
      plan = PlanAssembly.assemble(catalog, job);
    } catch (DefinitionException e) {
      return BuildOutcome.failed(
          BuildOutcome.Status.PLAN_REJECTED,
          "the worker's unikernel tree has a malformed manifest: " + e.getMessage(),
          0);
    } catch (PlanAssembly.PlanMismatchException e) {
      return BuildOutcome.failed(
          BuildOutcome.Status.PLAN_REJECTED,
          "the plan does not match this worker's catalog: " + e.getMessage(),
          0);
    }
    BuildResult built;
    try {
      built =
          new KernelBuilder(job.unikernelRoot(), job.jobs(), sandbox)
              .build(plan, job.outputDirectory(), log);
    } catch (BuildFailedException e) {
      return BuildOutcome.failed(
          BuildOutcome.Status.BUILD_FAILED, e.getMessage(), millisSince(started));
    }
    long compileMillis = millisSince(started);
    long size;
    try {
      size = keep(built.kernel(), job.outputDirectory(), keptKernel);
    } catch (IOException e) {
      return BuildOutcome.failed(
          BuildOutcome.Status.BUILD_FAILED,
          "make produced no usable kernel: " + e.getMessage(),
          compileMillis);
    }
    if (!job.smokeBoot()) {
      return new BuildOutcome(
          BuildOutcome.Status.BUILT,
          "",
          keptKernel,
          size,
          compileMillis,
          0,
          SmokeBoot.Verdict.NOT_BOOTED,
          "smoke boot switched off");
    }
    log.accept("smoke boot: booting " + plan.target() + " …");
    SmokeBoot.Result boot =
        SmokeBoot.boot(plan.target(), built.kernel(), job.smokeTimeout(), sandbox, log);
    if (boot.verdict() == SmokeBoot.Verdict.FAILED) {
      log.accept("smoke boot failed: " + boot.note() + "; console tail:");
      boot.consoleTail().forEach(line -> log.accept("  | " + line));
      return new BuildOutcome(
          BuildOutcome.Status.BOOT_FAILED,
          "smoke boot failed: " + boot.note(),
          keptKernel,
          size,
          compileMillis,
          boot.millis(),
          boot.verdict(),
          boot.note());
    }
    log.accept(
        "smoke boot: "
            + (boot.verdict() == SmokeBoot.Verdict.PASSED ? "passed, " : "not booted: ")
            + boot.note());
    return new BuildOutcome(
        BuildOutcome.Status.BUILT,
        "",
        keptKernel,
        size,
        compileMillis,
        boot.millis(),
        boot.verdict(),
        boot.note());
  }

  /** Copies the kernel out of the build's reach; answers its size. */
  private static long keep(Path kernel, Path outputDirectory, Path keptKernel) throws IOException {
    if (!Files.isRegularFile(kernel, LinkOption.NOFOLLOW_LINKS)
        || !kernel.toRealPath().startsWith(outputDirectory.toRealPath())) {
      throw new IOException(kernel + " is not a regular file of " + outputDirectory);
    }
    Files.copy(kernel, keptKernel, LinkOption.NOFOLLOW_LINKS, StandardCopyOption.REPLACE_EXISTING);
    return Files.size(keptKernel);
  }

  private static long millisSince(long started) {
    return (System.nanoTime() - started) / 1_000_000;
  }
}
