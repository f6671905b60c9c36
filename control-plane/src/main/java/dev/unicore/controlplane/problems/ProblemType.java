package dev.unicore.controlplane.problems;

import java.net.URI;
import org.springframework.http.HttpStatus;

/** The kinds of problem the API answers with; the type URI of each is stable. */
public enum ProblemType {
  UNAUTHORIZED("unauthorized", "Unauthorized", HttpStatus.UNAUTHORIZED),
  FORBIDDEN("forbidden", "Forbidden", HttpStatus.FORBIDDEN),
  NOT_FOUND("not-found", "Not found", HttpStatus.NOT_FOUND),
  CONFLICT("conflict", "Conflict", HttpStatus.CONFLICT),
  MANAGED_BY_CLUSTER("managed-by-cluster", "Defined by a Kubernetes cluster", HttpStatus.CONFLICT),
  MALFORMED_REQUEST("malformed-request", "Malformed request", HttpStatus.BAD_REQUEST),
  INVALID_PARAMETER("invalid-parameter", "Invalid parameter", HttpStatus.BAD_REQUEST),
  MALFORMED_MANIFEST("malformed-manifest", "Malformed manifest", HttpStatus.UNPROCESSABLE_CONTENT),
  UNRESOLVABLE_RECIPE(
      "unresolvable-recipe", "Recipe does not resolve", HttpStatus.UNPROCESSABLE_CONTENT),
  UNSAFE_ARCHIVE("unsafe-archive", "Archive refused", HttpStatus.UNPROCESSABLE_CONTENT),
  UNDEPLOYABLE("undeployable", "Cannot deploy", HttpStatus.UNPROCESSABLE_CONTENT),
  NOT_A_CLUSTER_AGENT(
      "not-a-cluster-agent",
      "Only a Kubernetes agent reports deployments",
      HttpStatus.UNPROCESSABLE_CONTENT),
  REGISTRY_UNAVAILABLE(
      "registry-unavailable", "Registry unavailable", HttpStatus.SERVICE_UNAVAILABLE),
  BODY_TOO_LARGE("body-too-large", "Request body too large", HttpStatus.CONTENT_TOO_LARGE),
  METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed", HttpStatus.METHOD_NOT_ALLOWED),
  UNSUPPORTED_MEDIA_TYPE(
      "unsupported-media-type", "Unsupported media type", HttpStatus.UNSUPPORTED_MEDIA_TYPE),
  INTERNAL("internal-error", "Internal error", HttpStatus.INTERNAL_SERVER_ERROR);

  private static final String BASE = "https://unicore.dev/problems/";

  private final String slug;
  private final String title;
  private final HttpStatus status;

  ProblemType(String slug, String title, HttpStatus status) {
    this.slug = slug;
    this.title = title;
    this.status = status;
  }

  public URI uri() {
    return URI.create(BASE + slug);
  }

  public String title() {
    return title;
  }

  public HttpStatus status() {
    return status;
  }
}
