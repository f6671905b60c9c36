package dev.unicore.builderworker.lease;

import dev.unicore.builderworker.cache.BuildCache;
import dev.unicore.builderworker.cache.InputDigest;
import dev.unicore.builderworker.engine.BuildJob;
import dev.unicore.builderworker.engine.BuildOutcome;
import dev.unicore.builderworker.engine.SandboxedBuild;
import dev.unicore.builderworker.engine.SmokeBoot;
import dev.unicore.builderworker.image.ImageFacts;
import dev.unicore.builderworker.image.ImagePackager;
import dev.unicore.builderworker.image.ImagePublisher;
import dev.unicore.builderworker.image.RegistryException;
import dev.unicore.builderworker.sandbox.Sandbox;
import dev.unicore.builderworker.source.ApplicationSource;
import dev.unicore.client.invoker.ApiException;
import dev.unicore.client.model.Heartbeat;
import dev.unicore.client.model.PlannedLibrary;
import dev.unicore.client.model.TaskLease;
import dev.unicore.resolver.recipe.Target;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one leased task from lease to result: checks the lease, puts the application's sources (an
 * example application's copy, or the uploaded archive the lease names, checked and unpacked) into a
 * fresh task folder, reuses a cached build or runs the sandboxed engine (compile and smoke boot)
 * within the time limit, packages and pushes the image, its SBOM and the build's index, and reports
 * the outcome. Meanwhile the lease is renewed by heartbeat; a heartbeat that says the build was
 * cancelled, or that the lease is gone, stops the build at once and nothing is reported. The build
 * log goes to the control plane line by line.
 *
 * <p>One instance per task, run on one thread; {@link #handBack()} may be called from another.
 */
final class TaskExecution {
  private static final Logger log = LoggerFactory.getLogger(TaskExecution.class);
  private static final Pattern APPLICATION = Pattern.compile("[a-z0-9][a-z0-9._-]*");
  private static final Duration POLL = Duration.ofMillis(50);
  private static final Duration ENGINE_STOP = Duration.ofSeconds(15);

  private final TaskLease lease;
  private final long taskId;
  private final int slot;
  private final TaskServices services;
  private final LogStream logs;
  private volatile boolean cancelRequested;
  private volatile boolean leaseLost;
  private volatile boolean handedBack;

  TaskExecution(TaskLease lease, int slot, TaskServices services) {
    this.lease = lease;
    this.taskId = lease.getTask().getId();
    this.slot = slot;
    this.services = services;
    this.logs = new LogStream(services.controlPlane(), taskId);
  }

  long taskId() {
    return taskId;
  }

  /** Stops the task without reporting it: its lease expires and the control plane requeues it. */
  void handBack() {
    handedBack = true;
  }

  TaskEnd run() {
    long started = System.nanoTime();
    services.metrics().started();
    Duration interval = heartbeatInterval();
    ScheduledFuture<?> heartbeats =
        services
            .scheduler()
            .scheduleAtFixedRate(
                this::heartbeat, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    TaskEnd end;
    Path taskDirectory = null;
    try {
      taskDirectory = createTaskDirectory();
      end = execute(taskDirectory);
    } catch (RuntimeException | IOException e) {
      log.error("Task {} failed inside the worker", taskId, e);
      end = TaskEnd.failed(TaskEnd.Cause.INTERNAL, "the worker failed: " + e);
    } finally {
      heartbeats.cancel(false);
    }
    end = stopReason().orElse(end);
    if (end.outcome() == TaskEnd.Outcome.FAILED) {
      say("task failed: " + end.reason());
    }
    logs.close();
    Duration duration = Duration.ofNanos(System.nanoTime() - started);
    report(end, duration);
    services.metrics().ended(end, duration);
    if (taskDirectory != null) {
      deleteTree(taskDirectory);
      try {
        Files.deleteIfExists(keptKernel(taskDirectory));
      } catch (IOException e) {
        log.warn("Cannot delete {}: {}", keptKernel(taskDirectory), e.getMessage());
      }
    }
    log.info(
        "Task {} ({} {}): {}{}",
        taskId,
        lease.getRecipe(),
        lease.getTask().getTarget(),
        end.outcome(),
        end.reason().isEmpty() ? "" : " - " + end.reason());
    return end;
  }

  private TaskEnd execute(Path taskDirectory) throws IOException {
    long started = System.nanoTime();
    Optional<Target> parsedTarget = Target.parse(String.valueOf(lease.getTask().getTarget()));
    String application = lease.getApplication();
    if (parsedTarget.isEmpty()) {
      return TaskEnd.failed(
          TaskEnd.Cause.BAD_LEASE,
          "the lease's target \""
              + lease.getTask().getTarget()
              + "\" is not platform/architecture");
    }
    Target target = parsedTarget.get();
    if (application == null || !APPLICATION.matcher(application).matches()) {
      return TaskEnd.failed(
          TaskEnd.Cause.BAD_LEASE,
          "the lease names no valid application (\"" + application + "\")");
    }
    if (lease.getPlan() == null || lease.getPlan().getLibraries().isEmpty()) {
      List<String> notes = lease.getPlan() == null ? List.of() : lease.getPlan().getNotes();
      return TaskEnd.failed(
          TaskEnd.Cause.PLAN,
          "the task's plan has no libraries (the recipe does not resolve for "
              + target
              + ")"
              + (notes.isEmpty() ? "" : ": " + String.join("; ", notes)));
    }
    List<BuildJob.Library> libraries;
    try {
      libraries = libraries(lease.getPlan().getLibraries());
    } catch (IllegalArgumentException e) {
      return TaskEnd.failed(TaskEnd.Cause.PLAN, e.getMessage());
    }

    Path source = Files.createDirectories(taskDirectory.resolve("source")).resolve(application);
    Optional<TaskEnd> refused = prepareSources(application, source);
    if (refused.isPresent()) {
      return refused.get();
    }
    Path output = Files.createDirectories(taskDirectory.resolve("out"));
    Files.createDirectories(taskDirectory.resolve("tmp"));
    BuildJob job =
        new BuildJob(
            services.properties().unikernelRoot().toAbsolutePath().normalize(),
            output,
            application,
            source,
            lease.getCommandLine() == null ? "" : lease.getCommandLine(),
            target.toString(),
            services.properties().effectiveJobs(),
            libraries,
            services.properties().smokeBoot(),
            services.properties().smokeTimeout());
    say(
        "worker "
            + services.controlPlane().workerId()
            + " builds "
            + lease.getRecipe()
            + " v"
            + lease.getRecipeVersion()
            + " for "
            + target
            + " (task "
            + taskId
            + ", build "
            + lease.getTask().getBuildId()
            + ")");

    long keyStarted = System.nanoTime();
    String key =
        InputDigest.of(
            job,
            job.unikernelRoot(),
            source,
            lease.getSource(),
            services.toolchain().buildVersion());
    long keyEnded = System.nanoTime();
    Optional<BuildCache.Entry> cached = services.cache().flatMap(cache -> cache.lookup(key));
    Path kernel;
    String bootVerdict;
    if (cached.isPresent()) {
      services.metrics().cacheHit();
      say(
          "cache hit: inputs "
              + key.substring(0, 16)
              + "… were built before; reusing that kernel"
              + " without compiling (smoke boot then: "
              + cached.get().bootNote()
              + ")");
      kernel = cached.get().kernel();
      bootVerdict = cached.get().bootVerdict();
    } else {
      if (services.cache().isPresent()) {
        services.metrics().cacheMiss();
        say("cache miss: inputs " + key.substring(0, 16) + "… are new; compiling");
      }
      Object result = build(job, taskDirectory);
      if (result instanceof TaskEnd end) {
        return end;
      }
      BuildOutcome outcome = (BuildOutcome) result;
      switch (outcome.status()) {
        case PLAN_REJECTED -> {
          return TaskEnd.failed(TaskEnd.Cause.PLAN, outcome.reason());
        }
        case BUILD_FAILED -> {
          return TaskEnd.failed(TaskEnd.Cause.COMPILE, outcome.reason());
        }
        case BOOT_FAILED -> {
          return TaskEnd.failed(TaskEnd.Cause.BOOT, outcome.reason());
        }
        case BUILT -> {
          kernel = outcome.kernel();
          bootVerdict = outcome.boot().name();
          say(
              String.format(
                  Locale.ROOT,
                  "timing: compile %d ms, smoke boot %d ms (sources %d ms, input digest %d ms)",
                  outcome.compileMillis(),
                  outcome.bootMillis(),
                  (keyStarted - started) / 1_000_000,
                  (keyEnded - keyStarted) / 1_000_000));
          if (services.cache().isPresent()) {
            services.cache().get().store(key, kernel, bootVerdict, outcome.bootNote());
          }
        }
        default -> throw new IllegalStateException("unknown build outcome " + outcome.status());
      }
    }
    Optional<TaskEnd> stop = stopReason();
    if (stop.isPresent()) {
      return stop.get();
    }
    long publishing = System.nanoTime();
    TaskEnd published = publish(job, target, kernel, bootVerdict);
    say(
        String.format(
            Locale.ROOT, "timing: publish %d ms", (System.nanoTime() - publishing) / 1_000_000));
    return published;
  }

  /**
   * Fills the task's application folder {@code source}: the uploaded archive the lease names, or a
   * copy of the example application. Answers how the task ends when the sources are refused.
   */
  private Optional<TaskEnd> prepareSources(String application, Path source) throws IOException {
    String digest = lease.getSource();
    if (digest != null) {
      byte[] archive;
      try {
        archive = services.controlPlane().source(digest);
      } catch (ApiException e) {
        return Optional.of(
            TaskEnd.failed(
                TaskEnd.Cause.SOURCE,
                "cannot download the uploaded source "
                    + digest
                    + " (HTTP "
                    + e.getCode()
                    + (e.getCode() == 0 ? ": " + e.getMessage() : "")
                    + ")"));
      }
      try {
        ApplicationSource.unpack(archive, digest, source);
      } catch (ApplicationSource.RefusedSourceException e) {
        return Optional.of(
            TaskEnd.failed(
                TaskEnd.Cause.SOURCE, "the uploaded source was refused: " + e.getMessage()));
      }
      say(
          "sources: uploaded archive "
              + digest.substring(0, Math.min(digest.length(), 23))
              + "… ("
              + archive.length
              + " bytes) checked and unpacked");
      return Optional.empty();
    }
    Path example = services.properties().unikernelRoot().resolve("apps").resolve(application);
    if (!Files.isDirectory(example.resolve("src"))) {
      return Optional.of(
          TaskEnd.failed(
              TaskEnd.Cause.BAD_LEASE,
              "application `"
                  + application
                  + "` is not in this worker's unikernel tree ("
                  + example
                  + "/src is missing)"));
    }
    ApplicationSource.copyExample(example, source);
    return Optional.empty();
  }

  /**
   * Runs the engine on a thread of its own, its processes in the task's sandbox; answers its
   * outcome, or how the task ended when it was stopped (cancelled, lease lost, handed back, over
   * its time limit). Stopping kills the sandboxed processes, again at every poll until the engine
   * has returned, so one started meanwhile dies too.
   */
  private Object build(BuildJob job, Path taskDirectory) throws IOException {
    if (services.sandbox().switchesUser()) {
      chown(taskDirectory, services.sandbox().uidFor(slot));
    }
    Sandbox.Session sandbox = services.sandbox().session(taskDirectory, slot);
    Path keptKernel = keptKernel(taskDirectory);
    CompletableFuture<BuildOutcome> result = new CompletableFuture<>();
    Thread engine =
        new Thread(
            () -> {
              try {
                result.complete(
                    SandboxedBuild.run(
                        job,
                        command -> handOver(job, sandbox.wrap(command)),
                        keptKernel,
                        logs::line));
              } catch (Throwable e) {
                result.completeExceptionally(e);
              }
            },
            "build-engine-" + taskId);
    engine.start();
    Duration limit = services.sandboxProperties().timeLimit();
    long deadline = System.nanoTime() + limit.toNanos();
    TaskEnd stopped = null;
    long stoppedAt = 0;
    while (true) {
      try {
        BuildOutcome outcome = result.get(POLL.toMillis(), TimeUnit.MILLISECONDS);
        return stopped != null ? stopped : outcome;
      } catch (TimeoutException e) {
        // Still building.
      } catch (ExecutionException e) {
        if (stopped != null) {
          return stopped;
        }
        throw new IllegalStateException("the build engine failed", e.getCause());
      } catch (InterruptedException e) {
        sandbox.kill();
        Thread.currentThread().interrupt();
        return TaskEnd.of(TaskEnd.Outcome.HANDED_BACK);
      }
      if (stopped == null) {
        Optional<TaskEnd> stop = stopReason();
        if (stop.isPresent()) {
          stopped = stop.get();
          say(
              "build stopped: "
                  + stopped.outcome().name().toLowerCase(Locale.ROOT).replace('_', ' '));
        } else if (System.nanoTime() > deadline) {
          stopped =
              TaskEnd.failed(
                  TaskEnd.Cause.TIME_LIMIT,
                  "the build exceeded its time limit of "
                      + limit.toSeconds()
                      + " s and was stopped");
        }
        stoppedAt = System.nanoTime();
      }
      if (stopped != null) {
        sandbox.kill();
        if (System.nanoTime() - stoppedAt > ENGINE_STOP.toNanos()) {
          log.warn(
              "Task {}: the build engine did not return after its processes were killed", taskId);
          return stopped;
        }
      }
    }
  }

  /**
   * Gives the build's user the files the engine wrote into the output folder (the configuration,
   * written by the worker just before make runs) so that make can read them; returns {@code
   * command}.
   */
  private List<String> handOver(BuildJob job, List<String> command) {
    if (services.sandbox().switchesUser()) {
      try {
        chown(job.outputDirectory(), services.sandbox().uidFor(slot));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return command;
  }

  /** Where the kernel is kept out of the build's reach: beside the task folder, worker-only. */
  private static Path keptKernel(Path taskDirectory) {
    return taskDirectory.resolveSibling(taskDirectory.getFileName() + ".kernel");
  }

  private TaskEnd publish(BuildJob job, Target target, Path kernel, String bootVerdict)
      throws IOException {
    byte[] kernelBytes = Files.readAllBytes(kernel);
    ImageFacts facts =
        new ImageFacts(
            lease.getRecipe(),
            lease.getRecipeVersion(),
            InputDigest.ofPlan(lease.getRecipe(), lease.getRecipeVersion(), job),
            lease.getTask().getBuildId(),
            taskId,
            job.applicationName(),
            target,
            job.commandLine(),
            job.libraries(),
            bootVerdict.equals(SmokeBoot.Verdict.PASSED.name()) ? "passed" : "not-booted",
            services.toolchain().buildVersion());
    ImagePackager.Image image = services.packager().image(facts, kernelBytes);
    ImagePackager.Sbom sbom = services.packager().sbom(facts, image.manifest());
    ImagePublisher publisher = services.publisher();
    String repository = publisher.repository(lease.getRecipe());
    try {
      long started = System.nanoTime();
      ImagePublisher.Pushed pushed =
          publisher.push(repository, lease.getTask().getBuildId(), target, image, sbom);
      say(
          "pushed "
              + repository
              + ":"
              + ImagePublisher.targetTag(lease.getTask().getBuildId(), target)
              + " "
              + pushed.manifestDigest()
              + " ("
              + pushed.blobsUploaded()
              + " new blobs; SBOM "
              + pushed.sbomDigest()
              + ")");
      ImagePublisher.IndexPushed index =
          publisher.updateIndex(repository, lease.getRecipe(), lease.getTask().getBuildId());
      say(
          "index "
              + repository
              + ":"
              + ImagePublisher.indexTag(lease.getTask().getBuildId())
              + " "
              + index.digest()
              + " lists "
              + index.targetTags().size()
              + " target(s); push took "
              + (System.nanoTime() - started) / 1_000_000
              + " ms");
      return TaskEnd.succeeded(pushed.manifestDigest(), kernelBytes.length);
    } catch (RegistryException e) {
      return TaskEnd.failed(TaskEnd.Cause.PUSH, "pushing the image failed: " + e.getMessage());
    }
  }

  private void heartbeat() {
    try {
      Heartbeat beat = services.controlPlane().heartbeat(taskId);
      if (Boolean.TRUE.equals(beat.getCancelRequested()) && !cancelRequested) {
        cancelRequested = true;
        log.info("Task {}: the build was cancelled; stopping", taskId);
      }
    } catch (ApiException e) {
      if (e.getCode() == 409 || e.getCode() == 404) {
        leaseLost = true;
        log.warn("Task {}: lease lost ({}); stopping", taskId, e.getMessage());
      } else {
        log.warn("Task {}: heartbeat failed, will retry: {}", taskId, e.getMessage());
      }
    }
  }

  /** Why the task must stop now, if it must. */
  private Optional<TaskEnd> stopReason() {
    if (handedBack) {
      return Optional.of(TaskEnd.of(TaskEnd.Outcome.HANDED_BACK));
    }
    if (cancelRequested) {
      return Optional.of(TaskEnd.of(TaskEnd.Outcome.CANCELLED));
    }
    if (leaseLost || logs.leaseLost()) {
      return Optional.of(TaskEnd.of(TaskEnd.Outcome.LEASE_LOST));
    }
    return Optional.empty();
  }

  private void report(TaskEnd end, Duration duration) {
    try {
      switch (end.outcome()) {
        case SUCCEEDED ->
            services
                .controlPlane()
                .succeeded(taskId, end.imageDigest(), end.kernelSizeBytes(), duration.toMillis());
        case FAILED -> services.controlPlane().failed(taskId, end.reason(), duration.toMillis());
        default -> {
          // Cancelled or no longer ours: the control plane knows, or will once the lease expires.
        }
      }
    } catch (ApiException e) {
      log.warn(
          "Task {}: the control plane refused the result ({}): {}",
          taskId,
          e.getCode(),
          e.getResponseBody());
    }
  }

  /** A third of the lease's remaining time, so two heartbeats may fail before it expires. */
  private Duration heartbeatInterval() {
    OffsetDateTime expires = lease.getTask().getLeaseExpiresAt();
    if (expires == null) {
      return Duration.ofSeconds(5);
    }
    long remaining = Duration.between(OffsetDateTime.now(), expires).toMillis();
    return Duration.ofMillis(Math.max(200, Math.min(10_000, remaining / 3)));
  }

  private void say(String line) {
    logs.line("[worker] " + line);
  }

  /** The plan's libraries with their option values typed as the resolver types them. */
  static List<BuildJob.Library> libraries(List<PlannedLibrary> planned) {
    List<BuildJob.Library> libraries = new ArrayList<>();
    for (PlannedLibrary library : planned) {
      if (library.getName() == null || library.getVersion() == null) {
        throw new IllegalArgumentException("the plan has a library without a name or version");
      }
      Map<String, Object> options = new LinkedHashMap<>();
      if (library.getOptions() != null) {
        library
            .getOptions()
            .forEach((name, value) -> options.put(name, typed(library.getName(), name, value)));
      }
      libraries.add(
          new BuildJob.Library(
              library.getName(),
              library.getVersion(),
              library.getReason() == null ? "" : library.getReason(),
              options));
    }
    return libraries;
  }

  private static Object typed(String library, String option, Object value) {
    if (value instanceof Boolean || value instanceof String) {
      return value;
    }
    if (value instanceof Number number
        && number.doubleValue() == Math.rint(number.doubleValue())
        && !(value instanceof Double && Math.abs(number.doubleValue()) > 1e15)) {
      return number.longValue();
    }
    throw new IllegalArgumentException(
        "option `" + option + "` of `" + library + "` has a value the build cannot take: " + value);
  }

  private Path createTaskDirectory() throws IOException {
    Path tasks = services.properties().workDirectory().resolve("tasks");
    Files.createDirectories(tasks);
    Path directory = Files.createTempDirectory(tasks, "task-" + taskId + "-");
    Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
    return directory;
  }

  private static void chown(Path directory, int uid) throws IOException {
    try (Stream<Path> walk = Files.walk(directory)) {
      for (Path file : (Iterable<Path>) walk::iterator) {
        // Never through a link: the build may have left one pointing anywhere.
        Files.setAttribute(file, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(file, "unix:gid", uid, LinkOption.NOFOLLOW_LINKS);
      }
    }
  }

  private static void deleteTree(Path directory) {
    try (Stream<Path> walk = Files.walk(directory)) {
      walk.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      log.warn("Cannot delete task folder {}: {}", directory, e.getMessage());
    }
  }
}
