package dev.unicore.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unicore.controlplane.ApiClient.Response;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Health probes are public; metrics need a token and carry the build queue's meters. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OperationsIT {
  @LocalServerPort int port;

  @Test
  void probesArePublicAndMetricsNeedAToken() {
    ApiClient anonymous = new ApiClient(port, null);
    ApiClient admin = new ApiClient(port);
    admin.get("/api/v1/libraries");

    Response liveness = anonymous.get("/actuator/health/liveness");
    Response readiness = anonymous.get("/actuator/health/readiness");
    Response anonymousMetrics = anonymous.get("/actuator/prometheus");
    Response metrics = admin.get("/actuator/prometheus");

    assertThat(liveness.status()).isEqualTo(200);
    assertThat(liveness.text()).contains("\"UP\"");
    assertThat(readiness.status()).isEqualTo(200);
    assertThat(anonymousMetrics.status()).isEqualTo(401);
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.text())
        .contains("unicore_build_queue_depth")
        .contains("unicore_build_lease_expiries")
        .contains("http_server_requests_seconds");
  }
}
