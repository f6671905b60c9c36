package dev.unicore.controlplane.builds;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The build task queue in SQL: every state change is one conditional UPDATE, so concurrent workers,
 * heartbeats, results and the reaper cannot step on each other. Leasing takes the oldest matching
 * queued task with {@code FOR UPDATE SKIP LOCKED}, so concurrent leases never hand out one task
 * twice and never wait on each other. This class speaks JDBC rather than JPA because the queue is
 * SQL-shaped (RETURNING, SKIP LOCKED, set-wise expiry).
 */
@Repository
class TaskQueue {
  private static final String COLUMNS =
      "id, build_id, target, state, attempts, worker_id, lease_expires_at, cancel_requested,"
          + " image_digest, kernel_size_bytes, duration_millis, failure_reason, cached_from";

  private static final RowMapper<TaskView> TASK =
      (ResultSet row, int index) ->
          new TaskView(
              row.getLong("id"),
              row.getLong("build_id"),
              row.getString("target"),
              row.getString("state"),
              row.getInt("attempts"),
              (Long) row.getObject("worker_id", Long.class),
              instant(row, "lease_expires_at"),
              row.getBoolean("cancel_requested"),
              row.getString("image_digest"),
              (Long) row.getObject("kernel_size_bytes", Long.class),
              (Long) row.getObject("duration_millis", Long.class),
              row.getString("failure_reason"),
              (Long) row.getObject("cached_from", Long.class));

  /** A build's row, its tasks still to be read. */
  private static final RowMapper<BuildView> BUILD =
      (row, index) ->
          new BuildView(
              row.getLong("id"),
              row.getString("recipe"),
              row.getInt("recipe_version"),
              instant(row, "created_at"),
              List.of());

  private final NamedParameterJdbcTemplate jdbc;

  TaskQueue(NamedParameterJdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** One target of a new build: its resolved plan (JSON) and the digest of all its inputs. */
  record NewTask(String target, String plan, String inputDigest) {}

  /**
   * Creates a build and its tasks: queued, or, when {@code useCache} and a succeeded task had the
   * same inputs, succeeded at once with that task's image (the newest such task).
   *
   * @param tasks the build's targets, in target order
   */
  @Transactional
  long createBuild(
      String recipe,
      int version,
      String application,
      String commandLine,
      String source,
      List<NewTask> tasks,
      boolean useCache,
      Instant now) {
    Long buildId =
        jdbc.queryForObject(
            "INSERT INTO build (recipe, recipe_version, application, command_line, source,"
                + " created_at) VALUES (:recipe, :version, :application, :commandLine, :source,"
                + " :now) RETURNING id",
            new MapSqlParameterSource()
                .addValue("recipe", recipe)
                .addValue("version", version)
                .addValue("application", application)
                .addValue("commandLine", commandLine)
                .addValue("source", source)
                .addValue("now", Timestamp.from(now)),
            Long.class);
    for (NewTask task : tasks) {
      MapSqlParameterSource parameters =
          new MapSqlParameterSource()
              .addValue("build", buildId)
              .addValue("target", task.target())
              .addValue("plan", task.plan())
              .addValue("digest", task.inputDigest())
              .addValue("now", Timestamp.from(now));
      int reused =
          useCache
              ? jdbc.update(
                  "INSERT INTO build_task (build_id, target, plan, input_digest, state,"
                      + " image_digest, kernel_size_bytes, duration_millis, cached_from, updated_at)"
                      + " SELECT :build, :target, :plan, :digest, 'succeeded', image_digest,"
                      + " kernel_size_bytes, duration_millis, id, :now FROM build_task"
                      + " WHERE input_digest = :digest AND state = 'succeeded'"
                      + " ORDER BY id DESC LIMIT 1",
                  parameters)
              : 0;
      if (reused == 0) {
        jdbc.update(
            "INSERT INTO build_task (build_id, target, plan, input_digest, state, updated_at)"
                + " VALUES (:build, :target, :plan, :digest, 'queued', :now)",
            parameters);
      }
    }
    return buildId;
  }

  /** What a worker needs to build a task, fixed when its build was created. */
  record TaskWork(
      String recipe,
      int recipeVersion,
      String application,
      String commandLine,
      String source,
      String plan) {}

  @Transactional(readOnly = true)
  TaskWork work(long taskId) {
    return jdbc.queryForObject(
        "SELECT b.recipe, b.recipe_version, b.application, b.command_line, b.source, t.plan"
            + " FROM build_task t JOIN build b ON b.id = t.build_id WHERE t.id = :task",
        Map.of("task", taskId),
        (row, index) ->
            new TaskWork(
                row.getString("recipe"),
                row.getInt("recipe_version"),
                row.getString("application"),
                row.getString("command_line"),
                row.getString("source"),
                row.getString("plan")));
  }

  @Transactional(readOnly = true)
  Optional<BuildView> build(long id) {
    return withTasks(
            jdbc.query(
                "SELECT id, recipe, recipe_version, created_at FROM build WHERE id = :id",
                Map.of("id", id),
                BUILD))
        .stream()
        .findFirst();
  }

  /** The newest builds first. */
  @Transactional(readOnly = true)
  List<BuildView> builds(int page, int size) {
    return withTasks(
        jdbc.query(
            "SELECT id, recipe, recipe_version, created_at FROM build ORDER BY id DESC"
                + " LIMIT :size OFFSET :offset",
            Map.of("size", size, "offset", (long) page * size),
            BUILD));
  }

  /** The builds with their tasks, read in one query for them all. */
  private List<BuildView> withTasks(List<BuildView> builds) {
    if (builds.isEmpty()) {
      return builds;
    }
    Map<Long, List<TaskView>> tasks =
        jdbc
            .query(
                "SELECT " + COLUMNS + " FROM build_task WHERE build_id IN (:builds) ORDER BY id",
                Map.of("builds", builds.stream().map(BuildView::id).toList()),
                TASK)
            .stream()
            .collect(Collectors.groupingBy(TaskView::buildId));
    return builds.stream()
        .map(
            build ->
                new BuildView(
                    build.id(),
                    build.recipe(),
                    build.recipeVersion(),
                    build.createdAt(),
                    tasks.getOrDefault(build.id(), List.of())))
        .toList();
  }

  /** A registered worker and how many tasks it holds now. */
  record WorkerView(
      long id,
      String name,
      List<String> platforms,
      List<String> architectures,
      int capacity,
      Instant lastSeenAt,
      int activeTasks) {}

  @Transactional(readOnly = true)
  List<WorkerView> workers() {
    return jdbc.query(
        "SELECT w.*, (SELECT count(*) FROM build_task t WHERE t.worker_id = w.id"
            + " AND t.state IN ('leased', 'running')) AS active FROM worker w ORDER BY w.id",
        Map.of(),
        (row, index) ->
            new WorkerView(
                row.getLong("id"),
                row.getString("name"),
                array(row, "platforms"),
                array(row, "architectures"),
                row.getInt("capacity"),
                instant(row, "last_seen_at"),
                row.getInt("active")));
  }

  @Transactional(readOnly = true)
  Optional<TaskView> task(long id) {
    return jdbc
        .query("SELECT " + COLUMNS + " FROM build_task WHERE id = :id", Map.of("id", id), TASK)
        .stream()
        .findFirst();
  }

  /** Queued tasks are cancelled now; leased and running ones at their worker's next heartbeat. */
  @Transactional
  void cancel(long buildId, Instant now) {
    MapSqlParameterSource parameters =
        new MapSqlParameterSource().addValue("build", buildId).addValue("now", Timestamp.from(now));
    jdbc.update(
        "UPDATE build_task SET state = 'cancelled', updated_at = :now"
            + " WHERE build_id = :build AND state = 'queued'",
        parameters);
    jdbc.update(
        "UPDATE build_task SET cancel_requested = TRUE, updated_at = :now"
            + " WHERE build_id = :build AND state IN ('leased', 'running')",
        parameters);
  }

  @Transactional
  long registerWorker(
      String name, List<String> platforms, List<String> architectures, int capacity, Instant now) {
    return jdbc.queryForObject(
        "INSERT INTO worker (name, platforms, architectures, capacity, registered_at, last_seen_at)"
            + " VALUES (:name, string_to_array(:platforms, ','), string_to_array(:architectures, ','),"
            + " :capacity, :now, :now) RETURNING id",
        new MapSqlParameterSource()
            .addValue("name", name)
            .addValue("platforms", String.join(",", platforms))
            .addValue("architectures", String.join(",", architectures))
            .addValue("capacity", capacity)
            .addValue("now", Timestamp.from(now)),
        Long.class);
  }

  /** What a worker can build: its targets and how many tasks it may hold at once. */
  record WorkerCapability(List<String> targets, int capacity) {}

  /**
   * Leases the oldest queued task of one of the worker's targets, unless it is at capacity. The
   * worker's row is locked for the transaction, so one worker's concurrent leases are counted
   * right.
   *
   * @return the leased task, or empty when there is none or the worker is full
   */
  @Transactional
  Optional<TaskView> lease(long workerId, WorkerCapability worker, Instant now, Instant expires) {
    jdbc.queryForObject(
        "SELECT id FROM worker WHERE id = :worker FOR UPDATE",
        Map.of("worker", workerId),
        Long.class);
    jdbc.update(
        "UPDATE worker SET last_seen_at = :now WHERE id = :worker",
        Map.of("worker", workerId, "now", Timestamp.from(now)));
    Integer held =
        jdbc.queryForObject(
            "SELECT count(*) FROM build_task WHERE worker_id = :worker"
                + " AND state IN ('leased', 'running')",
            Map.of("worker", workerId),
            Integer.class);
    if (held >= worker.capacity() || worker.targets().isEmpty()) {
      return Optional.empty();
    }
    List<Long> leased =
        jdbc.queryForList(
            "UPDATE build_task SET state = 'leased', worker_id = :worker, attempts = attempts + 1,"
                + " lease_expires_at = :expires, updated_at = :now"
                + " WHERE id = (SELECT id FROM build_task WHERE state = 'queued'"
                + " AND target IN (:targets) ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)"
                + " RETURNING id",
            new MapSqlParameterSource()
                .addValue("worker", workerId)
                .addValue("expires", Timestamp.from(expires))
                .addValue("now", Timestamp.from(now))
                .addValue("targets", worker.targets()),
            Long.class);
    return leased.stream().findFirst().flatMap(this::task);
  }

  @Transactional(readOnly = true)
  Optional<WorkerCapability> worker(long workerId) {
    return jdbc
        .query(
            "SELECT platforms, architectures, capacity FROM worker WHERE id = :worker",
            Map.of("worker", workerId),
            (row, index) ->
                new WorkerCapability(
                    targets(array(row, "platforms"), array(row, "architectures")),
                    row.getInt("capacity")))
        .stream()
        .findFirst();
  }

  /**
   * Renews the lease of a task this worker holds. A task whose build was cancelled ends here as
   * cancelled, and the answer says so.
   *
   * @return the new expiry and whether the task was cancelled; empty when the worker holds no live
   *     lease on it
   */
  @Transactional
  Optional<HeartbeatOutcome> heartbeat(long taskId, long workerId, Instant now, Instant expires) {
    MapSqlParameterSource parameters =
        new MapSqlParameterSource()
            .addValue("task", taskId)
            .addValue("worker", workerId)
            .addValue("now", Timestamp.from(now))
            .addValue("expires", Timestamp.from(expires));
    String heldLive =
        " WHERE id = :task AND worker_id = :worker AND state IN ('leased', 'running')"
            + " AND lease_expires_at > :now";
    if (jdbc.update(
            "UPDATE build_task SET state = 'cancelled', lease_expires_at = NULL, updated_at = :now"
                + heldLive
                + " AND cancel_requested",
            parameters)
        == 1) {
      return Optional.of(new HeartbeatOutcome(now, true));
    }
    int renewed =
        jdbc.update(
            "UPDATE build_task SET state = 'running', lease_expires_at = :expires, updated_at = :now"
                + heldLive,
            parameters);
    return renewed == 1 ? Optional.of(new HeartbeatOutcome(expires, false)) : Optional.empty();
  }

  record HeartbeatOutcome(Instant leaseExpiresAt, boolean cancelled) {}

  /**
   * Ends a task this worker holds a live lease on.
   *
   * @return true when it did; false when the worker holds no live lease (expired, taken over,
   *     already completed or cancelled)
   */
  @Transactional
  boolean complete(long taskId, long workerId, TaskOutcome outcome, Instant now) {
    return jdbc.update(
            "UPDATE build_task SET state = :state, lease_expires_at = NULL, updated_at = :now,"
                + " image_digest = :digest, kernel_size_bytes = :size, duration_millis = :duration,"
                + " failure_reason = :reason"
                + " WHERE id = :task AND worker_id = :worker AND state IN ('leased', 'running')"
                + " AND lease_expires_at > :now",
            new MapSqlParameterSource()
                .addValue("task", taskId)
                .addValue("worker", workerId)
                .addValue("now", Timestamp.from(now))
                .addValue("state", outcome.succeeded() ? "succeeded" : "failed")
                .addValue("digest", outcome.imageDigest())
                .addValue("size", outcome.kernelSizeBytes())
                .addValue("duration", outcome.durationMillis())
                .addValue("reason", outcome.reason()))
        == 1;
  }

  /** A worker's report of a task. */
  record TaskOutcome(
      boolean succeeded,
      String imageDigest,
      Long kernelSizeBytes,
      Long durationMillis,
      String reason) {}

  /**
   * Puts tasks whose lease expired back in the queue, or fails them once they have used every
   * attempt (or cancels them when their build was cancelled meanwhile).
   *
   * @return how many leases expired
   */
  @Transactional
  int reapExpiredLeases(int maxAttempts, Instant now) {
    return jdbc.update(
        "UPDATE build_task SET"
            + " state = CASE WHEN cancel_requested THEN 'cancelled'"
            + "   WHEN attempts >= :max THEN 'failed' ELSE 'queued' END,"
            + " failure_reason = CASE WHEN attempts >= :max AND NOT cancel_requested"
            + "   THEN 'the lease expired on each of ' || attempts || ' attempts; last worker '"
            + "   || worker_id ELSE failure_reason END,"
            + " worker_id = NULL, lease_expires_at = NULL, updated_at = :now"
            + " WHERE state IN ('leased', 'running') AND lease_expires_at <= :now",
        new MapSqlParameterSource()
            .addValue("max", maxAttempts)
            .addValue("now", Timestamp.from(now)));
  }

  /**
   * Appends log lines to a task this worker holds a live lease on, numbering them after the last;
   * the task row is locked meanwhile, so numbers never collide.
   *
   * @return false when the worker holds no live lease
   */
  @Transactional
  boolean appendLog(long taskId, long workerId, List<String> lines, Instant now) {
    List<Long> held =
        jdbc.queryForList(
            "SELECT id FROM build_task WHERE id = :task AND worker_id = :worker"
                + " AND state IN ('leased', 'running') AND lease_expires_at > :now FOR UPDATE",
            new MapSqlParameterSource()
                .addValue("task", taskId)
                .addValue("worker", workerId)
                .addValue("now", Timestamp.from(now)),
            Long.class);
    if (held.isEmpty()) {
      return false;
    }
    Integer last =
        jdbc.queryForObject(
            "SELECT coalesce(max(line_number), 0) FROM task_log WHERE task_id = :task",
            Map.of("task", taskId),
            Integer.class);
    MapSqlParameterSource[] rows = new MapSqlParameterSource[lines.size()];
    for (int index = 0; index < lines.size(); index++) {
      rows[index] =
          new MapSqlParameterSource()
              .addValue("task", taskId)
              .addValue("number", last + index + 1)
              .addValue("line", lines.get(index))
              .addValue("now", Timestamp.from(now));
    }
    jdbc.batchUpdate(
        "INSERT INTO task_log (task_id, line_number, line, logged_at)"
            + " VALUES (:task, :number, :line, :now)",
        rows);
    return true;
  }

  /** A numbered log line. */
  record LogLine(int number, String line) {}

  /** The log lines of a task after line {@code after} (0 for all), in order. */
  @Transactional(readOnly = true)
  List<LogLine> logLines(long taskId, int after) {
    return jdbc.query(
        "SELECT line_number, line FROM task_log WHERE task_id = :task AND line_number > :after"
            + " ORDER BY line_number",
        Map.of("task", taskId, "after", after),
        (row, index) -> new LogLine(row.getInt("line_number"), row.getString("line")));
  }

  private static List<String> targets(
      Collection<String> platforms, Collection<String> architectures) {
    return platforms.stream()
        .flatMap(
            platform -> architectures.stream().map(architecture -> platform + "/" + architecture))
        .toList();
  }

  private static List<String> array(ResultSet row, String column) throws SQLException {
    return List.of((String[]) row.getArray(column).getArray());
  }

  private static Instant instant(ResultSet row, String column) throws SQLException {
    Timestamp timestamp = row.getTimestamp(column);
    return timestamp == null ? null : timestamp.toInstant();
  }
}
