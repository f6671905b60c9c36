package dev.unicore.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unicore.controlplane.ApiClient.Response;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Operations: health probes are public; metrics need a token and carry the build queue's meters;
 * the browsable API documentation is served; oversize bodies are refused with 413 before a handler
 * reads them; logs are one JSON object per line.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
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

  @Test
  void theBrowsableApiDocumentationIsServedWithoutAToken() {
    ApiClient anonymous = new ApiClient(port, null);

    Response redirect = anonymous.get("/api-docs");
    Response page = anonymous.get("/api-docs/index.html");
    Response script = anonymous.get("/webjars/swagger-ui/swagger-ui-bundle.js");

    assertThat(redirect.status()).isEqualTo(302);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.text()).contains("swagger-ui-bundle.js").contains("/api-docs/start.js");
    assertThat(anonymous.get("/api-docs/start.js").text()).contains("url: \"/v3/api-docs\"");
    assertThat(script.status()).isEqualTo(200);
    assertThat(script.text()).contains("SwaggerUIBundle");
  }

  @Test
  void anOversizeBodyIsRefusedWith413AndChangesNothing() {
    ApiClient admin = new ApiClient(port);
    String name = "oversize-" + System.nanoTime();
    String padding = "x".repeat(1_100_000);
    String body =
        "{\"name\": \"%s\", \"application\": \"hello\", \"targets\": [\"qemu/x86_64\"], \"commandLine\": \"%s\"}"
            .formatted(name, padding);

    Response declared = admin.post("/api/v1/recipes", body);
    Response chunked =
        admin.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/recipes"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)))));

    for (Response refused : List.of(declared, chunked)) {
      assertThat(refused.status()).as(refused.text()).isEqualTo(413);
      assertThat(refused.contentType()).startsWith("application/problem+json");
      assertThat(refused.body().get("type").asString())
          .isEqualTo("https://unicore.dev/problems/body-too-large");
      assertThat(refused.body().get("detail").asString()).contains("1048576 bytes");
    }
    assertThat(admin.get("/api/v1/recipes/" + name).status()).isEqualTo(404);
  }

  @Test
  void logsAreOneJsonObjectPerLine(CapturedOutput output) {
    try (ConfigurableApplicationContext context =
        new SpringApplicationBuilder(ControlPlaneApplication.class)
            .main(ControlPlaneApplication.class)
            .properties(
                "server.port=0",
                "unicore.auth.bootstrap-admin-token=" + ApiClient.ADMIN_TOKEN,
                "unicore.home=" + System.getProperty("unicore.home", ".."))
            .run()) {
      assertThat(context.isRunning()).isTrue();
    }

    List<String> started =
        output
            .getOut()
            .lines()
            .filter(line -> line.contains("Started ControlPlaneApplication"))
            .toList();
    assertThat(started).isNotEmpty();
    JsonNode line = JsonMapper.builder().build().readTree(started.get(0));
    assertThat(line.get("@timestamp").asString()).isNotBlank();
    assertThat(line.get("log").get("level").asString()).isEqualTo("INFO");
    assertThat(line.get("message").asString()).contains("Started ControlPlaneApplication");
  }
}
