package dev.unicore.controlplane.builds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unicore.controlplane.ApiClient;
import dev.unicore.controlplane.ApiClient.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Build logs: the lease holder appends lines, anyone with a token reads the whole log, and a
 * Server-Sent Events stream delivers lines as they arrive and ends when the task does.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TaskLogIT {
  @LocalServerPort int port;

  @Test
  void logsAreKeptWholeAndStreamLive() throws Exception {
    ApiClient api = new ApiClient(port);
    BuildTestSupport steps = new BuildTestSupport(api);
    steps.recipe("logged");
    steps.build("logged");
    long worker = steps.worker("logger");
    long other = steps.worker("intruder");
    long task = steps.lease(worker).body().at("/task/id").asLong();

    assertThat(append(api, task, worker, "  CC   lib/console/src/console.c", "  LD   hello.elf"))
        .isEqualTo(204);
    CompletableFuture<HttpResponse<String>> stream =
        HttpClient.newHttpClient()
            .sendAsync(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:" + port + "/api/v1/tasks/" + task + "/logs/stream"))
                    .header("Authorization", "Bearer " + ApiClient.ADMIN_TOKEN)
                    .header("Accept", "text/event-stream")
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    Thread.sleep(500);
    assertThat(append(api, task, worker, "smoke boot: UNICORE:START")).isEqualTo(204);
    assertThat(append(api, task, other, "not mine")).isEqualTo(409);
    Thread.sleep(500);
    assertThat(steps.succeed(task, worker).status()).isEqualTo(200);

    String events = stream.get(20, TimeUnit.SECONDS).body();
    assertThat(events)
        .contains("id:1\nevent:line\ndata:  CC   lib/console/src/console.c")
        .contains("id:3\nevent:line\ndata:smoke boot: UNICORE:START")
        .contains("event:end\ndata:succeeded")
        .doesNotContain("not mine");

    Response whole = api.get("/api/v1/tasks/" + task + "/logs");
    assertThat(whole.status()).isEqualTo(200);
    assertThat(whole.contentType()).startsWith("text/plain");
    assertThat(whole.text().lines().collect(Collectors.toList()))
        .containsExactly(
            "  CC   lib/console/src/console.c", "  LD   hello.elf", "smoke boot: UNICORE:START");
    assertThat(api.get("/api/v1/tasks/424242/logs").status()).isEqualTo(404);
  }

  private static int append(ApiClient api, long task, long worker, String... lines) {
    String json =
        List.of(lines).stream()
            .map(line -> "\"" + line + "\"")
            .collect(Collectors.joining(",", "[", "]"));
    return api.post(
            "/api/v1/tasks/" + task + "/logs",
            "{\"workerId\": " + worker + ", \"lines\": " + json + "}")
        .status();
  }
}
