package dev.unicore.controlplane.builds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unicore.controlplane.ApiClient;
import dev.unicore.controlplane.ApiClient.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The queue under contention: 16 simulated workers lease and complete 2,000 tasks over HTTP at the
 * same time; every task is leased exactly once and ends succeeded.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConcurrentLeasingIT {
  private static final int WORKERS = 16;
  private static final int BUILDS = 1000;

  @LocalServerPort int port;
  @Autowired BuildService builds;
  @Autowired JdbcTemplate jdbc;

  @Test
  void sixteenWorkersLeaseTwoThousandTasksEachExactlyOnce() throws Exception {
    ApiClient api = new ApiClient(port);
    BuildTestSupport steps = new BuildTestSupport(api);
    steps.recipe("contended");
    // Other tests share this database; count only the tasks this test creates.
    long lastTaskBefore =
        jdbc.queryForObject("SELECT coalesce(max(id), 0) FROM build_task", Long.class);
    for (int i = 0; i < BUILDS; i++) {
      builds.create("contended", null, true);
    }

    ConcurrentLinkedQueue<Long> leased = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
    List<Future<?>> workers = new ArrayList<>();
    for (int w = 0; w < WORKERS; w++) {
      long worker = steps.worker("worker-" + w);
      workers.add(
          pool.submit(
              () -> {
                Response lease;
                while ((lease = steps.lease(worker)).status() == 200) {
                  long task = lease.body().at("/task/id").asLong();
                  leased.add(task);
                  assertThat(steps.succeed(task, worker).status()).isEqualTo(200);
                }
                assertThat(lease.status()).isEqualTo(204);
              }));
    }
    for (Future<?> worker : workers) {
      worker.get();
    }
    pool.shutdown();

    assertThat(leased).doesNotHaveDuplicates();
    assertThat(leased.stream().filter(task -> task > lastTaskBefore)).hasSize(2 * BUILDS);
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM build_task WHERE id > ? AND state = 'succeeded'"
                    + " AND attempts = 1",
                Long.class,
                lastTaskBefore))
        .isEqualTo(2L * BUILDS);
  }
}
