package dev.unicore.controlplane.builds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unicore.controlplane.ApiClient;
import dev.unicore.controlplane.ControlPlaneApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The control plane restarted mid-build loses nothing: every state lives in PostgreSQL, so a worker
 * holding a lease before the restart renews and completes it after, and the build ends succeeded.
 * The database outlives both control plane instances here, as in production.
 */
class RestartIT {
  @Test
  void aBuildSurvivesARestartOfTheControlPlane() throws Exception {
    try (EmbeddedPostgres database = EmbeddedPostgres.builder().start()) {
      long build;
      long worker;
      long task;
      try (ConfigurableApplicationContext first = start(database)) {
        BuildTestSupport steps = new BuildTestSupport(new ApiClient(port(first)));
        steps.recipe("restart");
        build = steps.build("restart");
        worker = steps.worker("survivor");
        task = steps.lease(worker).body().at("/task/id").asLong();
        assertThat(steps.heartbeat(task, worker).status()).isEqualTo(200);
      }

      try (ConfigurableApplicationContext second = start(database)) {
        ApiClient api = new ApiClient(port(second));
        BuildTestSupport steps = new BuildTestSupport(api);
        assertThat(steps.buildState(build)).isEqualTo("running");
        assertThat(steps.heartbeat(task, worker).status()).isEqualTo(200);
        assertThat(steps.succeed(task, worker).status()).isEqualTo(200);
        long other = steps.lease(worker).body().at("/task/id").asLong();
        assertThat(steps.succeed(other, worker).status()).isEqualTo(200);
        assertThat(steps.buildState(build)).isEqualTo("succeeded");
      }
    }
  }

  @Test
  void theEmbeddedDatabaseKeepsItsDataInTheConfiguredDirectory(@TempDir Path directory)
      throws Exception {
    long build;
    try (ConfigurableApplicationContext first = startEmbedded(directory)) {
      BuildTestSupport steps = new BuildTestSupport(new ApiClient(port(first)));
      steps.recipe("kept");
      build = steps.build("kept");
    }
    assertThat(directory.resolve("PG_VERSION")).exists();

    try (ConfigurableApplicationContext second = startEmbedded(directory)) {
      BuildTestSupport steps = new BuildTestSupport(new ApiClient(port(second)));
      assertThat(steps.buildState(build)).isEqualTo("queued");
    }
  }

  private static ConfigurableApplicationContext startEmbedded(Path directory) {
    return new SpringApplicationBuilder(ControlPlaneApplication.class)
        .properties(
            "unicore.database.directory=" + directory,
            "server.port=0",
            "unicore.auth.bootstrap-admin-token=" + ApiClient.ADMIN_TOKEN,
            "unicore.home=" + System.getProperty("unicore.home", ".."))
        .run();
  }

  private static ConfigurableApplicationContext start(EmbeddedPostgres database) {
    return new SpringApplicationBuilder(ControlPlaneApplication.class)
        .properties(
            "spring.datasource.url=" + database.getJdbcUrl("postgres", "postgres"),
            "spring.datasource.username=postgres",
            "server.port=0",
            "unicore.auth.bootstrap-admin-token=" + ApiClient.ADMIN_TOKEN,
            "unicore.home=" + System.getProperty("unicore.home", ".."))
        .run();
  }

  private static int port(ConfigurableApplicationContext context) {
    return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
  }
}
