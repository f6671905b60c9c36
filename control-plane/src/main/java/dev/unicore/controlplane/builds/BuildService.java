package dev.unicore.controlplane.builds;

import dev.unicore.controlplane.problems.ApiException;
import dev.unicore.controlplane.problems.ProblemItem;
import dev.unicore.controlplane.problems.ProblemType;
import dev.unicore.controlplane.recipes.PlanModels;
import dev.unicore.controlplane.recipes.RecipeCheckService;
import dev.unicore.controlplane.recipes.RecipeService;
import dev.unicore.controlplane.recipes.StoredRecipe;
import dev.unicore.resolver.TargetResolution;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Creates, reads and cancels builds. A build always refers to one immutable recipe version; it is
 * created only when every target of that version resolves against today's catalog, and each task
 * keeps the plan resolved then, so what a worker builds never shifts with the catalog.
 */
@Service
public class BuildService {
  private final TaskQueue queue;
  private final QueueSignal signal;
  private final RecipeService recipes;
  private final JsonMapper json;
  private final Clock clock = Clock.systemUTC();

  BuildService(TaskQueue queue, QueueSignal signal, RecipeService recipes, JsonMapper json) {
    this.queue = queue;
    this.signal = signal;
    this.recipes = recipes;
    this.json = json;
  }

  /**
   * Builds a recipe version (the newest when {@code version} is null): one task per target. A
   * target whose inputs match an earlier succeeded task reuses its image unless {@code noCache}.
   */
  public BuildView create(String recipe, Integer version, boolean noCache) {
    StoredRecipe stored =
        version == null ? recipes.newest(recipe) : recipes.version(recipe, version);
    List<ProblemItem> problems = RecipeCheckService.problemsOf(stored.targets());
    if (!problems.isEmpty()) {
      throw new ApiException(
          ProblemType.UNRESOLVABLE_RECIPE,
          "recipe "
              + recipe
              + " version "
              + stored.version()
              + " no longer resolves against the catalog; nothing was queued",
          problems);
    }
    String application = stored.draft().application();
    String commandLine = stored.draft().commandLine();
    String source = stored.draft().source();
    List<TaskQueue.NewTask> tasks = new ArrayList<>();
    for (TargetResolution target : stored.targets()) {
      String plan = json.writeValueAsString(PlanModels.toModel(target));
      tasks.add(
          new TaskQueue.NewTask(
              target.target().toString(),
              plan,
              inputDigest(target.target().toString(), plan, application, commandLine, source)));
    }
    long id =
        queue.createBuild(
            stored.name(),
            stored.version(),
            application,
            commandLine,
            source,
            tasks,
            !noCache,
            clock.instant());
    signal.queued();
    return get(id);
  }

  /**
   * The build cache's key: everything a worker's output depends on that the control plane knows.
   * Each part is length-prefixed, so no two different input sets hash the same text.
   */
  static String inputDigest(String... parts) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      for (String part : parts) {
        byte[] bytes = (part == null ? "" : part).getBytes(StandardCharsets.UTF_8);
        sha256.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
        sha256.update(bytes);
      }
      return "sha256:" + HexFormat.of().formatHex(sha256.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The newest builds first, a page at a time. */
  public List<BuildView> list(int page, int size) {
    return queue.builds(page, size);
  }

  public BuildView get(long id) {
    return queue.build(id).orElseThrow(() -> ApiException.notFound("build " + id));
  }

  /** A task; 404 when there is none. */
  public TaskView task(long taskId) {
    return queue.task(taskId).orElseThrow(() -> ApiException.notFound("task " + taskId));
  }

  /** A task's whole log so far, one line per line. */
  public String log(long taskId) {
    task(taskId);
    StringBuilder text = new StringBuilder();
    queue.logLines(taskId, 0).forEach(line -> text.append(line.line()).append('\n'));
    return text.toString();
  }

  /** The task's log lines after line {@code after}. */
  List<TaskQueue.LogLine> logLines(long taskId, int after) {
    return queue.logLines(taskId, after);
  }

  /** Cancels a build in any state; a finished build stays as it was. */
  public BuildView cancel(long id) {
    get(id);
    queue.cancel(id, clock.instant());
    return get(id);
  }
}
