package dev.unicore.client;

import dev.unicore.client.invoker.ApiClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;

/**
 * Makes the generated {@link ApiClient} for one control plane and one bearer token: every request
 * carries the token, and requests time out instead of hanging on a dead server. Workers and agents
 * build their API objects ({@code new WorkersApi(client)}) on top.
 */
public final class ControlPlaneClients {
  private ControlPlaneClients() {}

  /**
   * @param baseUri the control plane's root, for example {@code http://127.0.0.1:8080}
   * @param token a bearer token with the role the caller needs (worker, agent, …)
   * @param requestTimeout how long one request may take; long polls need more than their wait
   */
  public static ApiClient create(URI baseUri, String token, Duration requestTimeout) {
    Objects.requireNonNull(token, "token");
    ApiClient client = new ApiClient();
    client.updateBaseUri(baseUri.toString().replaceAll("/+$", ""));
    client.setHttpClientBuilder(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)));
    client.setReadTimeout(requestTimeout);
    client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
    return client;
  }
}
