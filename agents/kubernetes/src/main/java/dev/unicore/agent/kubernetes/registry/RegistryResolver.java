package dev.unicore.agent.kubernetes.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unicore.agent.kubernetes.lifecycle.OperatorProperties;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves an image reference to its manifest digest with one {@code HEAD} request to the platform
 * registry, answering a {@code 401} challenge the OCI way: a Bearer token from the challenge's
 * realm (asked for with the configured credentials, or anonymously), or the credentials for a Basic
 * one. Tokens are kept per repository for their lifetime.
 */
public class RegistryResolver {
  private static final String ACCEPT =
      "application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json,"
          + " application/vnd.docker.distribution.manifest.v2+json,"
          + " application/vnd.docker.distribution.manifest.list.v2+json";
  private static final Pattern CHALLENGE_PARAMETER = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  private final OperatorProperties.Registry settings;
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();
  private final Map<String, Token> tokens = new ConcurrentHashMap<>();

  public RegistryResolver(OperatorProperties properties) {
    this.settings = properties.registry();
    this.http = HttpClient.newBuilder().connectTimeout(settings.requestTimeout()).build();
  }

  /** The registry could not answer: retry later. */
  public static final class RegistryUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    RegistryUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The manifest digest of {@code image}, or empty when the registry has no such image. */
  public Optional<String> resolve(ImageReference image) throws RegistryUnavailableException {
    URI uri =
        settings.url().resolve("/v2/" + image.repository() + "/manifests/" + image.reference());
    try {
      HttpResponse<Void> response = head(uri, tokens.get(image.repository()));
      if (response.statusCode() == 401) {
        String challenge = response.headers().firstValue("WWW-Authenticate").orElse("");
        response = head(uri, authorize(image.repository(), challenge));
      }
      return switch (response.statusCode()) {
        case 200 ->
            Optional.of(
                response
                    .headers()
                    .firstValue("Docker-Content-Digest")
                    .orElseThrow(
                        () ->
                            new RegistryUnavailableException(
                                "the registry answered without Docker-Content-Digest", null)));
        case 404 -> Optional.empty();
        default ->
            throw new RegistryUnavailableException(
                "the registry answered " + response.statusCode() + " for " + uri, null);
      };
    } catch (IOException e) {
      throw new RegistryUnavailableException(
          "the registry at " + settings.url() + " is unreachable: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryUnavailableException("interrupted", e);
    }
  }

  private HttpResponse<Void> head(URI uri, Object authorization)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(settings.requestTimeout())
            .method("HEAD", HttpRequest.BodyPublishers.noBody())
            .header("Accept", ACCEPT);
    String header =
        authorization instanceof Token token
            ? (Instant.now().isBefore(token.renewAt()) ? "Bearer " + token.value() : null)
            : (String) authorization;
    if (header != null) {
      request.header("Authorization", header);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.discarding());
  }

  private String authorize(String repository, String challenge)
      throws IOException, InterruptedException, RegistryUnavailableException {
    if (challenge.regionMatches(true, 0, "Basic", 0, 5)) {
      return basic();
    }
    Map<String, String> parameters = new java.util.HashMap<>();
    Matcher matcher = CHALLENGE_PARAMETER.matcher(challenge);
    while (matcher.find()) {
      parameters.put(matcher.group(1).toLowerCase(java.util.Locale.ROOT), matcher.group(2));
    }
    String realm = parameters.get("realm");
    if (!challenge.regionMatches(true, 0, "Bearer", 0, 6) || realm == null) {
      throw new RegistryUnavailableException(
          "the registry answered 401 with a challenge the operator cannot answer: " + challenge,
          null);
    }
    String query =
        (parameters.containsKey("service")
                ? "service=" + encode(parameters.get("service")) + "&"
                : "")
            + "scope="
            + encode("repository:" + repository + ":pull");
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(realm + (realm.contains("?") ? "&" : "?") + query))
            .timeout(settings.requestTimeout());
    if (settings.hasCredentials()) {
      request.header("Authorization", basic());
    }
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new RegistryUnavailableException(
          "the registry's token endpoint refused the operator (" + response.statusCode() + ")",
          null);
    }
    JsonNode body = json.readTree(response.body());
    JsonNode value = body.hasNonNull("token") ? body.get("token") : body.get("access_token");
    if (value == null || value.asText().isEmpty()) {
      throw new RegistryUnavailableException("the registry's token endpoint sent no token", null);
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

  private record Token(String value, Instant renewAt) {}
}
