package dev.unicore.registry.ops;

import static dev.unicore.registry.RegistryClient.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.unicore.registry.RegistryClient;
import dev.unicore.registry.RegistryTestSupport;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Health, Prometheus metrics and the garbage-collection endpoint of a running registry. */
class OperationsIT extends RegistryTestSupport {
  @Test
  void healthReportsTheStorage() {
    HttpResponse<byte[]> health = client().get("/actuator/health");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(text(health)).contains("\"status\":\"UP\"");
  }

  @Test
  void prometheusExportsBytesBlobsUploadLatencyAndErrors() {
    RegistryClient client = client();
    String digest = client.pushBlob("ops/metrics", "metered".getBytes(StandardCharsets.UTF_8));
    client.get("/v2/ops/metrics/blobs/" + digest);
    client.get("/v2/ops/metrics/manifests/absent");

    String metrics = text(client.get("/actuator/prometheus"));
    assertThat(metrics)
        .contains("registry_bytes_received_bytes_total")
        .contains("registry_bytes_sent_bytes_total")
        .contains("registry_blobs ")
        .contains("registry_upload_latency_seconds_count")
        .contains("registry_errors_total{code=\"MANIFEST_UNKNOWN\"}");
  }

  @Test
  void garbageCollectionDefaultsToADryRun() {
    RegistryClient client = client();
    client.pushBlob("ops/gc", "unreferenced".getBytes(StandardCharsets.UTF_8));
    HttpResponse<byte[]> report =
        client.send(
            "POST",
            "/actuator/gc",
            "{}".getBytes(StandardCharsets.UTF_8),
            "Content-Type",
            "application/json");
    assertThat(report.statusCode()).as(text(report)).isEqualTo(200);
    assertThat(text(report)).contains("\"dryRun\":true").contains("\"keptInGracePeriod\":");
  }
}
