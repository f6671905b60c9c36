package dev.unicore.builderworker.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small OCI Distribution client over {@code java.net.http}: what a builder needs to push images.
 * Blobs are pushed with one {@code POST} that opens an upload session and one {@code PUT ?digest=}
 * that commits it, after a {@code HEAD} that skips blobs the repository already has; manifests with
 * {@code PUT}; tags are listed with {@code GET /tags/list}.
 *
 * <p>Authentication is the Docker/OCI token flow: a request answered 401 with {@code
 * WWW-Authenticate: Bearer realm=…,service=…,scope=…} makes the client fetch a token from the realm
 * with its Basic credentials and retry; tokens are kept per scope until shortly before they expire.
 * Thread-safe.
 */
public final class RegistryClient {
  private static final Pattern CHALLENGE_PARAMETER = Pattern.compile("(\\w+)=\"([^\"]*)\"");
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

  private final URI base;
  private final String username;
  private final String password;
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();
  private final Map<String, Token> tokens = new ConcurrentHashMap<>();

  private record Token(String value, Instant expires) {}

  /** A manifest as the registry knows it. */
  public record ManifestInfo(String digest, String mediaType, long size) {}

  public RegistryClient(URI base, String username, String password) {
    this.base = URI.create(base.toString().replaceAll("/+$", "") + "/");
    this.username = username;
    this.password = password;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /**
   * Makes sure the repository has the blob.
   *
   * @return true when it was uploaded, false when the repository had it already
   */
  public boolean pushBlob(String repository, Blob blob) throws RegistryException {
    String scope = pushScope(repository);
    HttpResponse<byte[]> head =
        send(
            scope,
            request("v2/" + repository + "/blobs/" + blob.digest())
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
    if (head.statusCode() == 200) {
      return false;
    }
    HttpResponse<byte[]> started =
        send(
            scope,
            request("v2/" + repository + "/blobs/uploads/")
                .POST(HttpRequest.BodyPublishers.noBody()));
    expect(started, 202, "start an upload to " + repository);
    String location =
        started
            .headers()
            .firstValue("Location")
            .orElseThrow(
                () -> new RegistryException("the registry's upload answer has no Location", 202));
    URI upload = base.resolve(location);
    String separator = upload.getQuery() == null ? "?" : "&";
    URI commit = URI.create(upload + separator + "digest=" + encode(blob.digest()));
    HttpResponse<byte[]> committed =
        send(
            scope,
            HttpRequest.newBuilder(commit)
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(blob.bytes())));
    expect(committed, 201, "upload blob " + blob.digest() + " to " + repository);
    return true;
  }

  /** Stores a manifest under {@code reference} (a tag, or its own digest). */
  public String pushManifest(String repository, String reference, Blob manifest)
      throws RegistryException {
    HttpResponse<byte[]> response =
        send(
            pushScope(repository),
            request("v2/" + repository + "/manifests/" + reference)
                .header("Content-Type", manifest.mediaType())
                .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest.bytes())));
    expect(response, 201, "push manifest " + reference + " to " + repository);
    String digest =
        response.headers().firstValue("Docker-Content-Digest").orElse(manifest.digest());
    if (!digest.equals(manifest.digest())) {
      throw new RegistryException(
          "the registry stored manifest "
              + reference
              + " under digest "
              + digest
              + " instead of "
              + manifest.digest(),
          response.statusCode());
    }
    return digest;
  }

  /** The manifest {@code reference} points to, or empty when there is none. */
  public Optional<ManifestInfo> manifest(String repository, String reference)
      throws RegistryException {
    HttpResponse<byte[]> response =
        send(
            pullScope(repository),
            request("v2/" + repository + "/manifests/" + reference)
                .header(
                    "Accept",
                    ImagePackager.MANIFEST
                        + ", "
                        + ImagePackager.INDEX
                        + ", application/vnd.docker.distribution.manifest.v2+json")
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    expect(response, 200, "look up manifest " + reference + " in " + repository);
    return Optional.of(
        new ManifestInfo(
            response
                .headers()
                .firstValue("Docker-Content-Digest")
                .orElseThrow(
                    () -> new RegistryException("no Docker-Content-Digest for " + reference, 200)),
            response.headers().firstValue("Content-Type").orElse(""),
            response.headers().firstValueAsLong("Content-Length").orElse(0)));
  }

  /** Every tag of the repository; empty when the repository does not exist yet. */
  public List<String> tags(String repository) throws RegistryException {
    List<String> tags = new ArrayList<>();
    String path = "v2/" + repository + "/tags/list?n=1000";
    while (path != null) {
      HttpResponse<byte[]> response = send(pullScope(repository), request(path).GET());
      if (response.statusCode() == 404) {
        return tags;
      }
      expect(response, 200, "list the tags of " + repository);
      try {
        JsonNode body = json.readTree(response.body());
        body.path("tags").forEach(tag -> tags.add(tag.asText()));
      } catch (IOException e) {
        throw new RegistryException("the tag list of " + repository + " is not JSON", e);
      }
      path = nextPage(response);
    }
    return tags;
  }

  private static String nextPage(HttpResponse<byte[]> response) {
    Optional<String> link = response.headers().firstValue("Link");
    if (link.isEmpty()) {
      return null;
    }
    Matcher matcher = Pattern.compile("<([^>]+)>").matcher(link.get());
    return matcher.find() ? matcher.group(1).replaceFirst("^/", "") : null;
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT);
  }

  /** Sends with the scope's token, and once more with a fresh token when challenged. */
  private HttpResponse<byte[]> send(String scope, HttpRequest.Builder request)
      throws RegistryException {
    Token token = tokens.get(scope);
    if (token != null && token.expires().isAfter(Instant.now())) {
      request.setHeader("Authorization", "Bearer " + token.value());
    }
    HttpResponse<byte[]> response = exchange(request.build());
    if (response.statusCode() != 401) {
      return response;
    }
    Optional<String> challenge = response.headers().firstValue("WWW-Authenticate");
    if (challenge.isEmpty() || !challenge.get().regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new RegistryException(
          "the registry refused the request (401) without a Bearer challenge", 401);
    }
    Token fresh = fetchToken(challenge.get(), scope);
    tokens.put(scope, fresh);
    request.setHeader("Authorization", "Bearer " + fresh.value());
    return exchange(request.build());
  }

  private Token fetchToken(String challenge, String scope) throws RegistryException {
    if (username.isEmpty()) {
      throw new RegistryException(
          "the registry wants a token but the worker has no registry credentials;"
              + " set unicore.worker.registry.username and password",
          401);
    }
    Map<String, String> parameters = new java.util.HashMap<>();
    Matcher matcher = CHALLENGE_PARAMETER.matcher(challenge);
    while (matcher.find()) {
      parameters.put(matcher.group(1).toLowerCase(java.util.Locale.ROOT), matcher.group(2));
    }
    String realm = parameters.get("realm");
    if (realm == null) {
      throw new RegistryException("the registry's challenge names no realm: " + challenge, 401);
    }
    StringBuilder query = new StringBuilder();
    if (parameters.containsKey("service")) {
      query.append("service=").append(encode(parameters.get("service")));
    }
    query.append(query.length() > 0 ? "&" : "").append("scope=").append(encode(scope));
    URI uri = base.resolve(URI.create(realm + (realm.contains("?") ? "&" : "?") + query));
    String basic =
        Base64.getEncoder()
            .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    HttpResponse<byte[]> response =
        exchange(
            HttpRequest.newBuilder(uri)
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Basic " + basic)
                .GET()
                .build());
    if (response.statusCode() != 200) {
      throw new RegistryException(
          "the registry's token endpoint refused the push credential of `"
              + username
              + "` (HTTP "
              + response.statusCode()
              + "): "
              + new String(response.body(), StandardCharsets.UTF_8),
          response.statusCode());
    }
    try {
      JsonNode body = json.readTree(response.body());
      String value =
          body.hasNonNull("token")
              ? body.get("token").asText()
              : body.path("access_token").asText();
      if (value.isEmpty()) {
        throw new RegistryException("the token endpoint answered without a token", 200);
      }
      long lifetime = body.path("expires_in").asLong(60);
      // Renew a little early so a token never expires in the middle of a push.
      return new Token(value, Instant.now().plusSeconds(Math.max(1, lifetime - 10)));
    } catch (IOException e) {
      throw new RegistryException("the token endpoint's answer is not JSON", e);
    }
  }

  private HttpResponse<byte[]> exchange(HttpRequest request) throws RegistryException {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new RegistryException(
          "cannot reach the registry at " + base + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryException("interrupted while talking to the registry", e);
    }
  }

  private static void expect(HttpResponse<byte[]> response, int status, String what)
      throws RegistryException {
    if (response.statusCode() != status) {
      throw new RegistryException(
          "cannot "
              + what
              + ": HTTP "
              + response.statusCode()
              + " "
              + new String(response.body(), StandardCharsets.UTF_8).strip(),
          response.statusCode());
    }
  }

  private static String pushScope(String repository) {
    return "repository:" + repository + ":pull,push";
  }

  private static String pullScope(String repository) {
    return "repository:" + repository + ":pull";
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
