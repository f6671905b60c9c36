package dev.unicore.controlplane.catalog;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface LibraryVersionRepository extends JpaRepository<LibraryVersionEntity, Long> {
  /** The newest version of every library: the catalog as it stands. */
  String NEWEST =
      "SELECT v.* FROM library_version v JOIN library l ON l.id = v.library_id"
          + " WHERE v.id IN (SELECT max(id) FROM library_version GROUP BY library_id)"
          + " AND l.deleted_at IS NULL";

  /** Filters of the list route; a null filter matches everything. */
  String FILTERS =
      " AND (CAST(:category AS text) IS NULL OR v.category = :category)"
          + " AND (CAST(:platform AS text) IS NULL OR :platform = ANY (v.platforms))"
          + " AND (CAST(:architecture AS text) IS NULL OR :architecture = ANY (v.architectures))"
          + " AND (CAST(:provides AS text) IS NULL OR :provides = ANY (v.provides))"
          + " AND (CAST(:text AS text) IS NULL OR strpos(lower(l.name || ' ' || v.summary),"
          + " lower(:text)) > 0)";

  @Query(nativeQuery = true, value = NEWEST + " ORDER BY l.name")
  List<LibraryVersionEntity> findNewest();

  @Query(
      nativeQuery = true,
      value = NEWEST + FILTERS + " ORDER BY l.name LIMIT :limit OFFSET :offset")
  List<LibraryVersionEntity> findNewest(
      @Param("category") String category,
      @Param("platform") String platform,
      @Param("architecture") String architecture,
      @Param("provides") String provides,
      @Param("text") String text,
      @Param("limit") int limit,
      @Param("offset") long offset);

  @Query(
      nativeQuery = true,
      value =
          "SELECT count(*) FROM library_version v JOIN library l ON l.id = v.library_id"
              + " WHERE v.id IN (SELECT max(id) FROM library_version GROUP BY library_id)"
              + " AND l.deleted_at IS NULL"
              + FILTERS)
  long countNewest(
      @Param("category") String category,
      @Param("platform") String platform,
      @Param("architecture") String architecture,
      @Param("provides") String provides,
      @Param("text") String text);

  List<LibraryVersionEntity> findByLibraryOrderByIdAsc(LibraryEntity library);

  Optional<LibraryVersionEntity> findFirstByLibraryOrderByIdDesc(LibraryEntity library);

  Optional<LibraryVersionEntity> findByLibraryAndVersion(LibraryEntity library, String version);

  boolean existsByLibraryAndVersion(LibraryEntity library, String version);
}
