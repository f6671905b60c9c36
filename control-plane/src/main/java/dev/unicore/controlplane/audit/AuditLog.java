package dev.unicore.controlplane.audit;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** The audit_event table: appended to, read newest first with optional filters. */
@Repository
class AuditLog {
  private final NamedParameterJdbcTemplate jdbc;

  AuditLog(NamedParameterJdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** One recorded change. */
  record Event(
      long id, Instant at, String actor, String action, String method, String path, int status) {}

  void record(Instant at, String actor, String action, String method, String path, int status) {
    jdbc.update(
        "INSERT INTO audit_event (at, actor, action, method, path, status)"
            + " VALUES (:at, :actor, :action, :method, :path, :status)",
        new MapSqlParameterSource()
            .addValue("at", Timestamp.from(at))
            .addValue("actor", actor)
            .addValue("action", action)
            .addValue("method", method)
            .addValue("path", path)
            .addValue("status", status));
  }

  List<Event> page(String actor, String action, int page, int size) {
    return jdbc.query(
        "SELECT id, at, actor, action, method, path, status FROM audit_event"
            + where(actor, action)
            + " ORDER BY id DESC LIMIT :size OFFSET :offset",
        filters(actor, action).addValue("size", size).addValue("offset", (long) page * size),
        (row, index) ->
            new Event(
                row.getLong("id"),
                row.getTimestamp("at").toInstant(),
                row.getString("actor"),
                row.getString("action"),
                row.getString("method"),
                row.getString("path"),
                row.getInt("status")));
  }

  long count(String actor, String action) {
    return jdbc.queryForObject(
        "SELECT count(*) FROM audit_event" + where(actor, action),
        filters(actor, action),
        Long.class);
  }

  private static String where(String actor, String action) {
    if (actor == null && action == null) {
      return "";
    }
    if (actor == null) {
      return " WHERE action = :action";
    }
    return action == null ? " WHERE actor = :actor" : " WHERE actor = :actor AND action = :action";
  }

  private static MapSqlParameterSource filters(String actor, String action) {
    return new MapSqlParameterSource().addValue("actor", actor).addValue("action", action);
  }
}
