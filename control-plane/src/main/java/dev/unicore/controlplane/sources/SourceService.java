package dev.unicore.controlplane.sources;

import dev.unicore.controlplane.problems.ApiException;
import dev.unicore.controlplane.problems.ProblemItem;
import dev.unicore.controlplane.problems.ProblemType;
import dev.unicore.source.SourceArchive;
import dev.unicore.source.UnsafeArchiveException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Checks, stores and hands out uploaded source archives (table source_archive). */
@Service
public class SourceService {
  private final NamedParameterJdbcTemplate jdbc;
  private final SourceArchive.Limits limits;
  private final Clock clock = Clock.systemUTC();

  SourceService(
      NamedParameterJdbcTemplate jdbc,
      @Value("${unicore.http.max-source-bytes:16777216}") long maxSourceBytes) {
    this.jdbc = jdbc;
    SourceArchive.Limits defaults = SourceArchive.Limits.DEFAULT;
    this.limits =
        new SourceArchive.Limits(
            maxSourceBytes, defaults.maxExpandedBytes(), defaults.maxEntries());
  }

  /** A stored archive: its digest, size and regular files. */
  public record StoredSource(String digest, long sizeBytes, List<String> files) {
    /** Whether it holds an application folder: at least one C source under {@code src/}. */
    public boolean hasApplication() {
      return files.stream().anyMatch(file -> file.matches("src/[^/]+\\.c"));
    }
  }

  /**
   * Checks an upload whole and stores it under its digest (again: nothing changes).
   *
   * @throws ApiException 422 listing every refused entry; nothing is stored then
   */
  @Transactional
  StoredSource upload(InputStream body) {
    SourceArchive archive;
    try {
      archive = SourceArchive.read(body, limits);
    } catch (UnsafeArchiveException refused) {
      throw new ApiException(
          ProblemType.UNSAFE_ARCHIVE,
          "the archive was refused; nothing was stored; see `problems`",
          refused.problems().stream()
              .map(
                  problem ->
                      new ProblemItem(
                          "UNSAFE_ARCHIVE",
                          null,
                          problem,
                          "pack only the application folder's directories and regular files,"
                              + " with relative paths"))
              .toList());
    } catch (IOException e) {
      throw new UncheckedIOException("reading the uploaded archive failed", e);
    }
    byte[] bytes = archive.bytes();
    List<String> files =
        archive.entries().stream()
            .filter(entry -> !entry.directory())
            .map(SourceArchive.Entry::path)
            .toList();
    String digest = digest(bytes);
    jdbc.update(
        "INSERT INTO source_archive (digest, content, size_bytes, files, uploaded_at)"
            + " VALUES (:digest, :content, :size, string_to_array(:files, E'\\n'), :now)"
            + " ON CONFLICT (digest) DO NOTHING",
        new MapSqlParameterSource()
            .addValue("digest", digest)
            .addValue("content", bytes)
            .addValue("size", (long) bytes.length)
            .addValue("files", String.join("\n", files))
            .addValue("now", Timestamp.from(clock.instant())));
    return new StoredSource(digest, bytes.length, files);
  }

  @Transactional(readOnly = true)
  public Optional<StoredSource> find(String digest) {
    return jdbc
        .query(
            "SELECT digest, size_bytes, array_to_string(files, E'\\n') AS files"
                + " FROM source_archive WHERE digest = :digest",
            new MapSqlParameterSource("digest", digest),
            (row, index) ->
                new StoredSource(
                    row.getString("digest"),
                    row.getLong("size_bytes"),
                    row.getString("files").isEmpty()
                        ? List.of()
                        : List.of(row.getString("files").split("\n"))))
        .stream()
        .findFirst();
  }

  @Transactional(readOnly = true)
  byte[] content(String digest) {
    return jdbc
        .query(
            "SELECT content FROM source_archive WHERE digest = :digest",
            new MapSqlParameterSource("digest", digest),
            (row, index) -> row.getBytes("content"))
        .stream()
        .findFirst()
        .orElseThrow(() -> ApiException.notFound("source " + digest));
  }

  private static String digest(byte[] bytes) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
