package dev.unicore.controlplane;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client for the tests: real requests over loopback, bodies parsed as JSON. */
public final class ApiClient {
  private final HttpClient http = HttpClient.newHttpClient();
  private final JsonMapper json = JsonMapper.builder().build();

  /** The bootstrap admin token of the tests' configuration (src/test/resources/config). */
  public static final String ADMIN_TOKEN = "test-admin-token";

  private final String base;
  private final String token;

  /** A client authenticated as the tests' admin. */
  public ApiClient(int port) {
    this(port, ADMIN_TOKEN);
  }

  /** A client sending {@code token} as its bearer token, or no Authorization header if null. */
  public ApiClient(int port, String token) {
    this.base = "http://127.0.0.1:" + port;
    this.token = token;
  }

  /** A response: status, content type and the body, parsed when it is JSON. */
  public record Response(int status, String contentType, String text, JsonNode body) {}

  public Response get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  public Response post(String path, String jsonBody) {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(jsonBody)));
  }

  public Response put(String path, String jsonBody) {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(jsonBody)));
  }

  public Response patch(String path, String jsonBody) {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .method("PATCH", HttpRequest.BodyPublishers.ofString(jsonBody)));
  }

  /** POSTs raw bytes with the given content type (source archive uploads). */
  public Response upload(String path, byte[] body, String contentType) {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  /** GETs a binary body: the status and the bytes. */
  public byte[] download(String path) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      HttpResponse<byte[]> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("GET " + path + " answered " + response.statusCode());
      }
      return response.body();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public Response delete(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
  }

  public Response send(HttpRequest.Builder request) {
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      String contentType = response.headers().firstValue("Content-Type").orElse("");
      JsonNode body =
          contentType.contains("json") && !response.body().isEmpty()
              ? json.readTree(response.body())
              : null;
      return new Response(response.statusCode(), contentType, response.body(), body);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
