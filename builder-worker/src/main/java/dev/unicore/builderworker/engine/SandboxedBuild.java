package dev.unicore.builderworker.engine;

import dev.unicore.buildtool.build.BuildFailedException;
import dev.unicore.buildtool.build.BuildResult;
import dev.unicore.buildtool.build.KernelBuilder;
import dev.unicore.resolver.BuildPlan;
import dev.unicore.resolver.manifest.Catalog;
import dev.unicore.resolver.manifest.CatalogLoader;
import dev.unicore.resolver.toml.DefinitionException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The entry point of the sandboxed build process: reads a {@link BuildJob}, builds it with the
 * build tool's engine ({@link KernelBuilder}, the same code as {@code unicore build}), smoke-boots
 * the kernel with the build tool's launcher, prints the build log and the console on standard
 * output line by line as they come, and writes a {@link BuildOutcome}.
 *
 * <p>It runs in its own JVM inside the sandbox (no network, another user, resource limits), so it
 * depends on nothing but the build tool, the resolver and the JDK: the worker puts only those on
 * its class path. It never sees the worker's credentials.
 */
public final class SandboxedBuild {
  private SandboxedBuild() {}

  public static void main(String[] arguments) throws IOException {
    if (arguments.length != 1) {
      System.err.println("usage: SandboxedBuild JOB-FILE");
      System.exit(2);
    }
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    BuildJob job = BuildJob.read(Path.of(arguments[0]));
    BuildOutcome outcome = run(job, SmokeBoot.printer(out));
    outcome.write(job.outcomeFile());
    out.flush();
    // The launcher's console threads are done; exit at once rather than wait for the JVM's.
    System.exit(0);
  }

  /** Builds and boots the job; every log line goes to {@code log} as it is printed. */
  public static BuildOutcome run(BuildJob job, Consumer<String> log) {
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
          new KernelBuilder(job.unikernelRoot(), job.jobs())
              .build(plan, job.outputDirectory(), log);
    } catch (BuildFailedException e) {
      return BuildOutcome.failed(
          BuildOutcome.Status.BUILD_FAILED, e.getMessage(), millisSince(started));
    }
    long compileMillis = millisSince(started);
    if (!job.smokeBoot()) {
      return new BuildOutcome(
          BuildOutcome.Status.BUILT,
          "",
          built.kernel(),
          built.sizeBytes(),
          compileMillis,
          0,
          SmokeBoot.Verdict.NOT_BOOTED,
          "smoke boot switched off");
    }
    log.accept("smoke boot: booting " + plan.target() + " …");
    SmokeBoot.Result boot = SmokeBoot.boot(plan.target(), built.kernel(), job.smokeTimeout(), log);
    if (boot.verdict() == SmokeBoot.Verdict.FAILED) {
      log.accept("smoke boot failed: " + boot.note() + "; console tail:");
      boot.consoleTail().forEach(line -> log.accept("  | " + line));
      return new BuildOutcome(
          BuildOutcome.Status.BOOT_FAILED,
          "smoke boot failed: " + boot.note(),
          built.kernel(),
          built.sizeBytes(),
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
        built.kernel(),
        built.sizeBytes(),
        compileMillis,
        boot.millis(),
        boot.verdict(),
        boot.note());
  }

  private static long millisSince(long started) {
    return (System.nanoTime() - started) / 1_000_000;
  }
}
