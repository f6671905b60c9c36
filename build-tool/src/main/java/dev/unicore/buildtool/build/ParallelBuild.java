package dev.unicore.buildtool.build;

import dev.unicore.resolver.BuildPlan;
import dev.unicore.resolver.recipe.Target;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Builds several targets at the same time, one thread (and one make) per target, each into its own
 * output folder. A failing target does not stop the others; the outcomes come back in the order of
 * the plans.
 */
public final class ParallelBuild {
  private ParallelBuild() {}

  /** The result of one target: exactly one of {@code result} and {@code failure} is present. */
  public record Outcome(
      Target target, Optional<BuildResult> result, Optional<BuildFailedException> failure) {}

  /**
   * @param outputFor the output folder of each target
   * @param log receives every build log line with its target, from several threads at once
   */
  public static List<Outcome> buildAll(
      KernelBuilder builder,
      List<BuildPlan> plans,
      Function<Target, Path> outputFor,
      BiConsumer<Target, String> log) {
    ExecutorService executor = Executors.newFixedThreadPool(Math.max(1, plans.size()));
    try {
      List<Future<BuildResult>> futures = new ArrayList<>();
      for (BuildPlan plan : plans) {
        futures.add(
            executor.submit(
                () ->
                    builder.build(
                        plan,
                        outputFor.apply(plan.target()),
                        line -> log.accept(plan.target(), line))));
      }
      List<Outcome> outcomes = new ArrayList<>();
      for (int index = 0; index < plans.size(); index++) {
        Target target = plans.get(index).target();
        outcomes.add(outcome(target, futures.get(index)));
      }
      return outcomes;
    } finally {
      executor.shutdownNow();
    }
  }

  private static Outcome outcome(Target target, Future<BuildResult> future) {
    try {
      return new Outcome(target, Optional.of(future.get()), Optional.empty());
    } catch (ExecutionException e) {
      BuildFailedException failure =
          e.getCause() instanceof BuildFailedException buildFailure
              ? buildFailure
              : new BuildFailedException(target, String.valueOf(e.getCause()), List.of());
      return new Outcome(target, Optional.empty(), Optional.of(failure));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome(
          target,
          Optional.empty(),
          Optional.of(new BuildFailedException(target, "interrupted", List.of())));
    }
  }
}
