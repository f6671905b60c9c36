package dev.unicore.controlplane.builds;

import dev.unicore.controlplane.problems.ApiException;
import dev.unicore.controlplane.problems.ProblemItem;
import dev.unicore.controlplane.problems.ProblemType;
import dev.unicore.controlplane.recipes.PlanModels;
import dev.unicore.controlplane.recipes.RecipeCheckService;
import dev.unicore.controlplane.recipes.RecipeService;
import dev.unicore.controlplane.recipes.StoredRecipe;
import dev.unicore.resolver.TargetResolution;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
  private final RecipeService recipes;
  private final JsonMapper json;
  private final Clock clock = Clock.systemUTC();

  BuildService(TaskQueue queue, RecipeService recipes, JsonMapper json) {
    this.queue = queue;
    this.recipes = recipes;
    this.json = json;
  }

  /** Builds a recipe version (the newest when {@code version} is null): one task per target. */
  public BuildView create(String recipe, Integer version) {
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
    Map<String, String> plans = new LinkedHashMap<>();
    for (TargetResolution target : stored.targets()) {
      plans.put(target.target().toString(), json.writeValueAsString(PlanModels.toModel(target)));
    }
    long id =
        queue.createBuild(
            stored.name(),
            stored.version(),
            stored.draft().application(),
            stored.draft().commandLine(),
            plans,
            clock.instant());
    return get(id);
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
