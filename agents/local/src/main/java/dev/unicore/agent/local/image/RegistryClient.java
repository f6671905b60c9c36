package dev.unicore.agent.local.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pull half of the OCI Distribution protocol over {@code java.net.http}: manifests and blobs by
 * digest, each verified against its digest before anyone sees it, and the registry token flow (a
 * {@code 401} with a {@code Bearer} challenge is answered with a token from the challenge's realm,
 * asked for with the configured Basic credentials, or anonymously without them). Tokens are kept
 * per repository until shortly before they expire.
 *
 * <p>Thread-safe: requests share one HTTP client; the token cache is a concurrent map.
 */
final class RegistryClient {
  static final String MANIFEST_TYPES =
      "application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json,"
          + " application/vnd.docker.distribution.manifest.v2+json,"
          + " application/vnd.docker.distribution.manifest.list.v2+json";
  private static final Pattern DIGEST = Pattern.compile("sha256:([0-9a-f]{64})");
  private static final Pattern CHALLENGE_PARAMETER = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  private final RegistrySettings settings;
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();
  private final Map<String, Token> tokens = new ConcurrentHashMap<>();

  private record Token(String value, Instant renewAt) {}

  /** A manifest whose bytes matched its digest. */
  record Manifest(String digest, String mediaType, byte[] bytes) {}

  RegistryClient(RegistrySettings settings) {
    this.settings = settings;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
  }

  /** The hexadecimal part of a {@code sha256:} digest; refused for any other form. */
  static String hex(String digest) throws ImageException {
    Matcher matcher = DIGEST.matcher(digest);
    if (!matcher.matches()) {
      throw ImageException.refused(
          "digest `" + digest + "` is not sha256:<64 lowercase hex digits>");
    }
    return matcher.group(1);
  }

  Manifest manifest(String repository, String digest) throws ImageException {
    hex(digest);
    HttpResponse<InputStream> response =
        send(repository, "/manifests/" + digest, MANIFEST_TYPES, "manifest " + digest);
    byte[] bytes;
    try (InputStream body = response.body()) {
      bytes = readBounded(body, settings.maxBlobBytes(), "manifest " + digest);
    } catch (IOException e) {
      throw unreachable("reading manifest " + digest, e);
    }
    String actual = "sha256:" + sha256(bytes);
    if (!actual.equals(digest)) {
      throw ImageException.refused(
          "digest mismatch: manifest "
              + digest
              + " of "
              + repository
              + " arrived with digest "
              + actual
              + "; refusing the image");
    }
    String mediaType = response.headers().firstValue("Content-Type").orElse("");
    return new Manifest(digest, mediaType.split(";")[0].trim(), bytes);
  }

  /** Downloads a blob into {@code target}, hashing as it streams; refused unless it matches. */
  void blob(String repository, String digest, Path target) throws ImageException {
    String expected = hex(digest);
    HttpResponse<InputStream> response =
        send(repository, "/blobs/" + digest, "*/*", "blob " + digest);
    MessageDigest hash = newSha256();
    long total = 0;
    try (InputStream body = response.body();
        OutputStream output = Files.newOutputStream(target)) {
      byte[] buffer = new byte[65536];
      int count;
      while ((count = body.read(buffer)) > 0) {
        total += count;
        if (total > settings.maxBlobBytes()) {
          throw ImageException.refused(
              "blob "
                  + digest
                  + " is larger than the limit of "
                  + settings.maxBlobBytes()
                  + " bytes");
        }
        hash.update(buffer, 0, count);
        output.write(buffer, 0, count);
      }
    } catch (IOException e) {
      throw unreachable("reading blob " + digest, e);
    }
    String actual = HexFormat.of().formatHex(hash.digest());
    if (!actual.equals(expected)) {
      throw ImageException.refused(
          "digest mismatch: blob "
              + digest
              + " of "
              + repository
              + " arrived with digest sha256:"
              + actual
              + "; refusing the image");
    }
  }

  private HttpResponse<InputStream> send(String repository, String path, String accept, String what)
      throws ImageException {
    URI uri =
        URI.create(settings.url().toString().replaceAll("/+$", "") + "/v2/" + repository + path);
    try {
      HttpResponse<InputStream> response = get(uri, accept, tokenFor(repository));
      if (response.statusCode() == 401) {
        String challenge = response.headers().firstValue("WWW-Authenticate").orElse("");
        response.body().close();
        response = get(uri, accept, authorize(repository, challenge));
      }
      int status = response.statusCode();
      if (status == 200) {
        return response;
      }
      String detail = new String(response.body().readNBytes(4096), StandardCharsets.UTF_8);
      response.body().close();
      if (status == 401 || status == 403) {
        throw ImageException.unavailable(
            "the registry refused the agent's credentials for "
                + repository
                + " ("
                + status
                + "): "
                + detail.strip(),
            null);
      }
      throw ImageException.unavailable(
          "the registry answered "
              + status
              + " for "
              + what
              + " of "
              + repository
              + ": "
              + detail.strip(),
          null);
    } catch (IOException e) {
      throw unreachable("fetching " + what, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ImageException.unavailable("interrupted while fetching " + what, e);
    }
  }

  private HttpResponse<InputStream> get(URI uri, String accept, String authorization)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(settings.requestTimeout())
            .header("Accept", accept)
            .GET();
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
  }

  private String tokenFor(String repository) {
    Token token = tokens.get(repository);
    return token != null && Instant.now().isBefore(token.renewAt())
        ? "Bearer " + token.value()
        : null;
  }

  /** Answers a challenge: a token from a Bearer realm, or the credentials for a Basic one. */
  private String authorize(String repository, String challenge)
      throws IOException, InterruptedException, ImageException {
    if (challenge.regionMatches(true, 0, "Basic", 0, 5)) {
      if (!settings.hasCredentials()) {
        throw ImageException.unavailable(
            "the registry wants credentials and the agent has none configured", null);
      }
      return basic();
    }
    if (!challenge.regionMatches(true, 0, "Bearer", 0, 6)) {
      throw ImageException.unavailable(
          "the registry answered 401 without a challenge the agent understands: " + challenge,
          null);
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    Matcher matcher = CHALLENGE_PARAMETER.matcher(challenge);
    while (matcher.find()) {
      parameters.put(matcher.group(1).toLowerCase(java.util.Locale.ROOT), matcher.group(2));
    }
    String realm = parameters.get("realm");
    if (realm == null) {
      throw ImageException.unavailable("the registry's Bearer challenge names no realm", null);
    }
    StringBuilder query = new StringBuilder();
    if (parameters.containsKey("service")) {
      query.append("service=").append(encode(parameters.get("service")));
    }
    query
        .append(query.length() > 0 ? "&" : "")
        .append("scope=")
        .append(encode("repository:" + repository + ":pull"));
    URI tokenUri = URI.create(realm + (realm.contains("?") ? "&" : "?") + query);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(tokenUri).timeout(settings.requestTimeout()).GET();
    if (settings.hasCredentials()) {
      request.header("Authorization", basic());
    }
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw ImageException.unavailable(
          "the registry's token endpoint refused the agent ("
              + response.statusCode()
              + "): "
              + response.body().strip(),
          null);
    }
    JsonNode body = json.readTree(response.body());
    JsonNode value = body.hasNonNull("token") ? body.get("token") : body.get("access_token");
    if (value == null || value.asText().isEmpty()) {
      throw ImageException.unavailable("the registry's token endpoint sent no token", null);
    }
    long lifetime = body.hasNonNull("expires_in") ? body.get("expires_in").asLong(60) : 60;
    tokens.put(
        repository,
        new Token(value.asText(), Instant.now().plusSeconds(Math.max(0, lifetime - 10))));
    return "Bearer " + value.asText();
  }

  private String basic() {
    String pair =
        settings.username() + ":" + (settings.password() == null ? "" : settings.password());
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private ImageException unreachable(String what, IOException cause) {
    return ImageException.unavailable(
        "cannot reach the registry at " + settings.url() + " while " + what + ": " + cause, cause);
  }

  static byte[] readBounded(InputStream input, long limit, String what)
      throws IOException, ImageException {
    byte[] bytes = input.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
    if (bytes.length > limit) {
      throw ImageException.refused(what + " is larger than the limit of " + limit + " bytes");
    }
    return bytes;
  }

  static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(newSha256().digest(bytes));
  }

  static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
