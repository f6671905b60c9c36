package dev.unicore.controlplane.deployments;

import dev.unicore.controlplane.problems.ApiException;
import dev.unicore.controlplane.problems.ProblemType;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Resolves an image reference ({@code repository:tag}, {@code repository@sha256:…} or a bare
 * repository, meaning {@code :latest}) to the digest the registry holds, with the OCI Distribution
 * protocol: {@code HEAD /v2/<repository>/manifests/<reference>}. A registry that asks for a token
 * gets one from the realm of its challenge, with the configured credentials.
 */
@Component
class ImageResolver {
  private static final Pattern REPOSITORY =
      Pattern.compile(
          "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");
  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
  private static final Pattern CHALLENGE_PARAMETER = Pattern.compile("(\\w+)=\"([^\"]*)\"");
  private static final String ACCEPT =
      "application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json,"
          + " application/vnd.docker.distribution.manifest.v2+json,"
          + " application/vnd.docker.distribution.manifest.list.v2+json";

  private final DeploymentsProperties properties;
  private final JsonMapper json;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  ImageResolver(DeploymentsProperties properties, JsonMapper json) {
    this.properties = properties;
    this.json = json;
  }

  /** An image found in the registry. */
  record ResolvedImage(String repository, String digest) {}

  /**
   * @throws ApiException 400 for a malformed reference, 422 when the registry does not have it, 503
   *     when the registry cannot be reached
   */
  ResolvedImage resolve(String image) {
    String repository;
    String reference;
    int at = image.indexOf('@');
    int colon = image.lastIndexOf(':');
    if (at >= 0) {
      repository = image.substring(0, at);
      reference = image.substring(at + 1);
      if (!DIGEST.matcher(reference).matches()) {
        throw malformed(image, "a digest must be sha256:<64 lowercase hex digits>");
      }
    } else if (colon > image.lastIndexOf('/')) {
      repository = image.substring(0, colon);
      reference = image.substring(colon + 1);
      if (!TAG.matcher(reference).matches()) {
        throw malformed(image, "the tag is not a valid OCI tag");
      }
    } else {
      repository = image;
      reference = "latest";
    }
    if (!REPOSITORY.matcher(repository).matches()) {
      throw malformed(image, "the repository is not a valid OCI repository name");
    }
    HttpResponse<Void> answer = head(repository, reference, Optional.empty());
    if (answer.statusCode() == 401) {
      answer = head(repository, reference, Optional.of(token(answer, repository)));
    }
    if (answer.statusCode() == 404) {
      throw new ApiException(
          ProblemType.UNDEPLOYABLE,
          "the registry has no image "
              + image
              + (reference.startsWith("sha256:")
                  ? " (no manifest of that digest in " + repository + ")"
                  : "")
              + "; push it first, or check the name");
    }
    if (answer.statusCode() != 200) {
      throw new ApiException(
          ProblemType.REGISTRY_UNAVAILABLE,
          "the registry answered " + answer.statusCode() + " for " + image);
    }
    String digest = answer.headers().firstValue("Docker-Content-Digest").orElse(reference);
    if (reference.startsWith("sha256:") && !digest.equals(reference)) {
      throw new ApiException(
          ProblemType.UNDEPLOYABLE,
          "the registry's manifest for " + image + " has digest " + digest + ", not the one asked");
    }
    if (!DIGEST.matcher(digest).matches()) {
      throw new ApiException(
          ProblemType.REGISTRY_UNAVAILABLE, "the registry gave no usable digest for " + image);
    }
    return new ResolvedImage(repository, digest);
  }

  private HttpResponse<Void> head(String repository, String reference, Optional<String> token) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base() + "/v2/" + repository + "/manifests/" + reference))
            .method("HEAD", HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(10))
            .header("Accept", ACCEPT);
    token.ifPresent(value -> request.header("Authorization", "Bearer " + value));
    return send(request, HttpResponse.BodyHandlers.discarding());
  }

  /** A pull token from the realm of the registry's Bearer challenge. */
  private String token(HttpResponse<?> challenge, String repository) {
    String header = challenge.headers().firstValue("WWW-Authenticate").orElse("");
    Map<String, String> parameters = new LinkedHashMap<>();
    Matcher parameter = CHALLENGE_PARAMETER.matcher(header);
    while (parameter.find()) {
      parameters.put(parameter.group(1), parameter.group(2));
    }
    if (!header.startsWith("Bearer ") || !parameters.containsKey("realm")) {
      throw new ApiException(
          ProblemType.REGISTRY_UNAVAILABLE,
          "the registry refused access without a token challenge");
    }
    String query =
        "?service="
            + encode(parameters.getOrDefault("service", ""))
            + "&scope="
            + encode("repository:" + repository + ":pull");
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(parameters.get("realm") + query))
            .timeout(Duration.ofSeconds(10))
            .GET();
    if (properties.registryUsername() != null) {
      String credentials = properties.registryUsername() + ":" + properties.registryPassword();
      request.header(
          "Authorization",
          "Basic "
              + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    }
    HttpResponse<String> answer = send(request, HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 200) {
      throw new ApiException(
          ProblemType.REGISTRY_UNAVAILABLE,
          "the registry's token endpoint answered "
              + answer.statusCode()
              + "; set unicore.deployments.registry-username and -password");
    }
    var body = json.readTree(answer.body());
    String token = body.path("token").asString("");
    return token.isEmpty() ? body.path("access_token").asString("") : token;
  }

  private <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body) {
    try {
      return http.send(request.build(), body);
    } catch (IOException e) {
      throw new ApiException(
          ProblemType.REGISTRY_UNAVAILABLE,
          "cannot reach the registry at " + base() + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(ProblemType.REGISTRY_UNAVAILABLE, "interrupted");
    }
  }

  private String base() {
    return properties.registryUrl().replaceAll("/+$", "");
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private static ApiException malformed(String image, String why) {
    return new ApiException(
        ProblemType.MALFORMED_REQUEST, "image `" + image + "` is not a valid reference: " + why);
  }
}
