package dev.unicore.controlplane.deployments;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The deployment tables in SQL. Callers hold a transaction; every change that places or moves
 * instances first takes {@link #lockPlacement}, so concurrent reconciliations never count an
 * agent's load twice.
 */
@Repository
class DeploymentStore {
  /** Key of the PostgreSQL advisory lock that serializes placement. */
  private static final long PLACEMENT_LOCK = 0x706c6163656dL;

  private final NamedParameterJdbcTemplate jdbc;
  private final JsonMapper json;

  DeploymentStore(NamedParameterJdbcTemplate jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  record AgentRow(
      long id,
      String name,
      String kind,
      String pool,
      List<String> platforms,
      int capacity,
      Instant registeredAt,
      Instant lastHeartbeatAt,
      Instant leaseExpiresAt) {
    boolean live(Instant now) {
      return leaseExpiresAt.isAfter(now);
    }
  }

  record DeploymentRow(
      long id,
      String name,
      String pool,
      String platform,
      int replicas,
      int memoryMib,
      int cpus,
      String commandLine,
      Map<String, String> environment,
      String restartPolicy,
      int revision,
      Instant createdAt,
      Instant deletedAt,
      String managedBy,
      String reportedImage) {
    /** Defined by a Kubernetes cluster: changed by that cluster's reports only. */
    boolean managed() {
      return managedBy != null;
    }
  }

  record RevisionRow(int revision, String image, String repository, String imageDigest) {}

  record InstanceRow(
      long id,
      long deploymentId,
      int revision,
      Long agentId,
      String state,
      String desired,
      int restarts,
      Integer exitStatus,
      String consoleTail,
      Instant updatedAt) {
    boolean running() {
      return desired.equals("run");
    }
  }

  void lockPlacement() {
    jdbc.queryForObject(
        "SELECT pg_advisory_xact_lock(:key)", Map.of("key", PLACEMENT_LOCK), Object.class);
  }

  // Agents

  long insertAgent(
      String name,
      String kind,
      String pool,
      List<String> platforms,
      int capacity,
      Instant now,
      Instant leaseExpires) {
    return jdbc.queryForObject(
        "INSERT INTO agent (name, kind, pool, platforms, capacity, registered_at,"
            + " last_heartbeat_at, lease_expires_at) VALUES (:name, :kind, :pool,"
            + " string_to_array(:platforms, ','), :capacity, :now, :now, :expires) RETURNING id",
        new MapSqlParameterSource()
            .addValue("name", name)
            .addValue("kind", kind)
            .addValue("pool", pool)
            .addValue("platforms", String.join(",", platforms))
            .addValue("capacity", capacity)
            .addValue("now", Timestamp.from(now))
            .addValue("expires", Timestamp.from(leaseExpires)),
        Long.class);
  }

  /** The newest agent of this kind with this name, if any. */
  Optional<AgentRow> agentNamed(String kind, String name) {
    return jdbc
        .query(
            "SELECT * FROM agent WHERE kind = :kind AND name = :name ORDER BY id DESC LIMIT 1",
            Map.of("kind", kind, "name", name),
            AGENT)
        .stream()
        .findFirst();
  }

  /** A registration again under an existing agent's id: new pool, platforms, capacity, lease. */
  void reregisterAgent(
      long id, String pool, List<String> platforms, int capacity, Instant now, Instant expires) {
    jdbc.update(
        "UPDATE agent SET pool = :pool, platforms = string_to_array(:platforms, ','),"
            + " capacity = :capacity, last_heartbeat_at = :now, lease_expires_at = :expires"
            + " WHERE id = :id",
        new MapSqlParameterSource()
            .addValue("id", id)
            .addValue("pool", pool)
            .addValue("platforms", String.join(",", platforms))
            .addValue("capacity", capacity)
            .addValue("now", Timestamp.from(now))
            .addValue("expires", Timestamp.from(expires)));
  }

  Optional<AgentRow> agent(long id) {
    return jdbc.query("SELECT * FROM agent WHERE id = :id", Map.of("id", id), AGENT).stream()
        .findFirst();
  }

  List<AgentRow> agents() {
    return jdbc.query("SELECT * FROM agent ORDER BY id", Map.of(), AGENT);
  }

  List<AgentRow> agentsOfPool(String pool) {
    return jdbc.query(
        "SELECT * FROM agent WHERE pool = :pool ORDER BY id", Map.of("pool", pool), AGENT);
  }

  void renewAgent(long id, Instant now, Instant leaseExpires) {
    jdbc.update(
        "UPDATE agent SET last_heartbeat_at = :now, lease_expires_at = :expires WHERE id = :id",
        new MapSqlParameterSource()
            .addValue("id", id)
            .addValue("now", Timestamp.from(now))
            .addValue("expires", Timestamp.from(leaseExpires)));
  }

  /** Pools with an agent whose lease expired while it still holds instances. */
  List<String> poolsWithSilentAgents(Instant now) {
    return jdbc.queryForList(
        "SELECT DISTINCT a.pool FROM agent a JOIN instance i ON i.agent_id = a.id"
            + " WHERE a.lease_expires_at <= :now",
        Map.of("now", Timestamp.from(now)),
        String.class);
  }

  /** Instances each agent holds that should run: its load. */
  Map<Long, Integer> agentLoads() {
    Map<Long, Integer> loads = new java.util.HashMap<>();
    jdbc.query(
        "SELECT agent_id, count(*) AS load FROM instance WHERE desired = 'run'"
            + " AND agent_id IS NOT NULL GROUP BY agent_id",
        row -> {
          loads.put(row.getLong("agent_id"), row.getInt("load"));
        });
    return loads;
  }

  // Deployments

  long insertDeployment(
      String name,
      String pool,
      String platform,
      int replicas,
      int memoryMib,
      int cpus,
      String commandLine,
      Map<String, String> environment,
      String restartPolicy,
      String managedBy,
      String reportedImage,
      Instant now) {
    return jdbc.queryForObject(
        "INSERT INTO deployment (name, pool, platform, replicas, memory_mib, cpus, command_line,"
            + " environment, restart_policy, revision, created_at, managed_by, reported_image)"
            + " VALUES (:name, :pool, :platform, :replicas, :memory, :cpus, :commandLine,"
            + " :environment, :restartPolicy, 1, :now, :managedBy, :reportedImage) RETURNING id",
        new MapSqlParameterSource()
            .addValue("name", name)
            .addValue("pool", pool)
            .addValue("platform", platform)
            .addValue("replicas", replicas)
            .addValue("memory", memoryMib)
            .addValue("cpus", cpus)
            .addValue("commandLine", commandLine)
            .addValue("environment", json.writeValueAsString(environment))
            .addValue("restartPolicy", restartPolicy)
            .addValue("managedBy", managedBy)
            .addValue("reportedImage", reportedImage)
            .addValue("now", Timestamp.from(now)),
        Long.class);
  }

  void insertRevision(
      long deployment, int revision, String image, String repository, String digest, Instant now) {
    jdbc.update(
        "INSERT INTO deployment_revision (deployment_id, revision, image, repository,"
            + " image_digest, created_at) VALUES (:deployment, :revision, :image, :repository,"
            + " :digest, :now)",
        new MapSqlParameterSource()
            .addValue("deployment", deployment)
            .addValue("revision", revision)
            .addValue("image", image)
            .addValue("repository", repository)
            .addValue("digest", digest)
            .addValue("now", Timestamp.from(now)));
  }

  /** The live deployment of that name, locked for this transaction. */
  Optional<DeploymentRow> lockDeployment(String name) {
    return oneDeployment("name = :name AND deleted_at IS NULL FOR UPDATE", Map.of("name", name));
  }

  /** The live deployment of that name. */
  Optional<DeploymentRow> deployment(String name) {
    return oneDeployment("name = :name AND deleted_at IS NULL", Map.of("name", name));
  }

  /** A deployment, deleted or not. */
  Optional<DeploymentRow> deployment(long id) {
    return oneDeployment("id = :id", Map.of("id", id));
  }

  private Optional<DeploymentRow> oneDeployment(String condition, Map<String, ?> parameters) {
    return jdbc
        .query("SELECT * FROM deployment WHERE " + condition, parameters, this::deploymentRow)
        .stream()
        .findFirst();
  }

  List<DeploymentRow> deployments() {
    return jdbc.query(
        "SELECT * FROM deployment WHERE deleted_at IS NULL ORDER BY name",
        Map.of(),
        this::deploymentRow);
  }

  /** The live deployments a Kubernetes agent's cluster defines, by name. */
  List<DeploymentRow> deploymentsManagedBy(String agentName) {
    return jdbc.query(
        "SELECT * FROM deployment WHERE managed_by = :agent AND deleted_at IS NULL ORDER BY name",
        Map.of("agent", agentName),
        this::deploymentRow);
  }

  /** Every deployment of a pool, deleted ones whose instances still stop included. */
  List<Long> deploymentsOfPool(String pool) {
    return jdbc.queryForList(
        "SELECT id FROM deployment WHERE pool = :pool ORDER BY id",
        Map.of("pool", pool),
        Long.class);
  }

  void updateDeployment(long id, int replicas, int revision) {
    jdbc.update(
        "UPDATE deployment SET replicas = :replicas, revision = :revision WHERE id = :id",
        Map.of("id", id, "replicas", replicas, "revision", revision));
  }

  /** Everything a cluster's report may change of a deployment it defines. */
  void updateClusterDeployment(
      long id,
      int replicas,
      int memoryMib,
      int cpus,
      String commandLine,
      Map<String, String> environment,
      String restartPolicy,
      int revision,
      String reportedImage) {
    jdbc.update(
        "UPDATE deployment SET replicas = :replicas, memory_mib = :memory, cpus = :cpus,"
            + " command_line = :commandLine, environment = :environment,"
            + " restart_policy = :restartPolicy, revision = :revision,"
            + " reported_image = :reportedImage WHERE id = :id",
        new MapSqlParameterSource()
            .addValue("id", id)
            .addValue("replicas", replicas)
            .addValue("memory", memoryMib)
            .addValue("cpus", cpus)
            .addValue("commandLine", commandLine)
            .addValue("environment", json.writeValueAsString(environment))
            .addValue("restartPolicy", restartPolicy)
            .addValue("revision", revision)
            .addValue("reportedImage", reportedImage));
  }

  void markDeleted(long id, Instant now) {
    jdbc.update(
        "UPDATE deployment SET deleted_at = :now WHERE id = :id",
        Map.of("id", id, "now", Timestamp.from(now)));
  }

  void deleteDeployment(long id) {
    jdbc.update("DELETE FROM deployment WHERE id = :id", Map.of("id", id));
  }

  RevisionRow revision(long deployment, int revision) {
    return jdbc.queryForObject(
        "SELECT revision, image, repository, image_digest FROM deployment_revision"
            + " WHERE deployment_id = :deployment AND revision = :revision",
        Map.of("deployment", deployment, "revision", revision),
        (row, index) ->
            new RevisionRow(
                row.getInt("revision"),
                row.getString("image"),
                row.getString("repository"),
                row.getString("image_digest")));
  }

  /** Every revision of a deployment, by number. */
  Map<Integer, RevisionRow> revisions(long deployment) {
    Map<Integer, RevisionRow> revisions = new java.util.TreeMap<>();
    jdbc.query(
        "SELECT revision, image, repository, image_digest FROM deployment_revision"
            + " WHERE deployment_id = :deployment",
        Map.of("deployment", deployment),
        row -> {
          revisions.put(
              row.getInt("revision"),
              new RevisionRow(
                  row.getInt("revision"),
                  row.getString("image"),
                  row.getString("repository"),
                  row.getString("image_digest")));
        });
    return revisions;
  }

  // Instances

  List<InstanceRow> instances(long deployment) {
    return jdbc.query(
        "SELECT * FROM instance WHERE deployment_id = :deployment ORDER BY id",
        Map.of("deployment", deployment),
        INSTANCE);
  }

  List<InstanceRow> instancesOfAgent(long agent) {
    return jdbc.query(
        "SELECT * FROM instance WHERE agent_id = :agent ORDER BY id",
        Map.of("agent", agent),
        INSTANCE);
  }

  void insertInstance(long deployment, int revision, Long agent, Instant now) {
    jdbc.update(
        "INSERT INTO instance (deployment_id, revision, agent_id, state, desired, updated_at)"
            + " VALUES (:deployment, :revision, :agent, 'pending', 'run', :now)",
        new MapSqlParameterSource()
            .addValue("deployment", deployment)
            .addValue("revision", revision)
            .addValue("agent", agent)
            .addValue("now", Timestamp.from(now)));
  }

  void placeInstance(long instance, long agent, Instant now) {
    jdbc.update(
        "UPDATE instance SET agent_id = :agent, updated_at = :now WHERE id = :id",
        Map.of("id", instance, "agent", agent, "now", Timestamp.from(now)));
  }

  void stopInstance(long instance, Instant now) {
    jdbc.update(
        "UPDATE instance SET desired = 'stop', updated_at = :now WHERE id = :id",
        Map.of("id", instance, "now", Timestamp.from(now)));
  }

  void markUnknown(long instance, Instant now) {
    jdbc.update(
        "UPDATE instance SET state = 'unknown', desired = 'stop', updated_at = :now WHERE id = :id",
        Map.of("id", instance, "now", Timestamp.from(now)));
  }

  void deleteInstance(long instance) {
    jdbc.update("DELETE FROM instance WHERE id = :id", Map.of("id", instance));
  }

  /** Records what an agent reported about one of its instances. */
  void report(
      long instance,
      String state,
      int restarts,
      Integer exitStatus,
      String consoleTail,
      Instant now) {
    jdbc.update(
        "UPDATE instance SET state = :state, restarts = :restarts, exit_status = :exit,"
            + " console_tail = :tail, updated_at = :now WHERE id = :id",
        new MapSqlParameterSource()
            .addValue("id", instance)
            .addValue("state", state)
            .addValue("restarts", restarts)
            .addValue("exit", exitStatus)
            .addValue("tail", consoleTail)
            .addValue("now", Timestamp.from(now)));
  }

  private static final RowMapper<AgentRow> AGENT =
      (row, index) ->
          new AgentRow(
              row.getLong("id"),
              row.getString("name"),
              row.getString("kind"),
              row.getString("pool"),
              Arrays.asList((String[]) row.getArray("platforms").getArray()),
              row.getInt("capacity"),
              instant(row, "registered_at"),
              instant(row, "last_heartbeat_at"),
              instant(row, "lease_expires_at"));

  private static final RowMapper<InstanceRow> INSTANCE =
      (row, index) ->
          new InstanceRow(
              row.getLong("id"),
              row.getLong("deployment_id"),
              row.getInt("revision"),
              (Long) row.getObject("agent_id", Long.class),
              row.getString("state"),
              row.getString("desired"),
              row.getInt("restarts"),
              (Integer) row.getObject("exit_status", Integer.class),
              row.getString("console_tail"),
              instant(row, "updated_at"));

  private DeploymentRow deploymentRow(ResultSet row, int index) throws SQLException {
    return new DeploymentRow(
        row.getLong("id"),
        row.getString("name"),
        row.getString("pool"),
        row.getString("platform"),
        row.getInt("replicas"),
        row.getInt("memory_mib"),
        row.getInt("cpus"),
        row.getString("command_line"),
        json.readValue(row.getString("environment"), new TypeReference<Map<String, String>>() {}),
        row.getString("restart_policy"),
        row.getInt("revision"),
        instant(row, "created_at"),
        instant(row, "deleted_at"),
        row.getString("managed_by"),
        row.getString("reported_image"));
  }

  private static Instant instant(ResultSet row, String column) throws SQLException {
    Timestamp value = row.getTimestamp(column);
    return value == null ? null : value.toInstant();
  }
}
