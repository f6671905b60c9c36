package dev.unicore.registry.distribution;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The single entry point of {@code /v2/}. Repository names contain slashes, so the raw path is
 * parsed by {@link RegistryPath} rather than by Spring's patterns, and the method and route pick
 * the endpoint. Every failure leaves as the OCI error envelope.
 */
@RestController
class DistributionController {
  private static final Logger log = LoggerFactory.getLogger(DistributionController.class);

  private final BlobEndpoints blobs;
  private final ManifestEndpoints manifests;
  private final RegistryMetrics metrics;

  DistributionController(
      BlobEndpoints blobs, ManifestEndpoints manifests, RegistryMetrics metrics) {
    this.blobs = blobs;
    this.manifests = manifests;
    this.metrics = metrics;
  }

  @RequestMapping({"/v2", "/v2/**"})
  void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String raw = request.getRequestURI().substring(request.getContextPath().length());
    RegistryPath path =
        RegistryPath.parse(raw)
            .orElseThrow(
                () -> new RegistryException(404, ErrorCode.NAME_UNKNOWN, "no route " + raw));
    Exchange ex = new Exchange(request, response, path);
    response.setHeader("Docker-Distribution-API-Version", "registry/2.0");
    String method = request.getMethod();
    switch (path.route()) {
      case BASE -> {
        requireMethod(method, "GET", "HEAD");
        ex.json(200, "application/json", Exchange.object());
      }
      case CATALOG -> {
        requireMethod(method, "GET", "HEAD");
        manifests.catalog(ex);
      }
      case MANIFEST -> {
        switch (method) {
          case "GET", "HEAD" -> manifests.get(ex);
          case "PUT" -> manifests.put(ex);
          case "DELETE" -> manifests.delete(ex);
          default -> throw unsupported(method);
        }
      }
      case BLOB -> {
        switch (method) {
          case "GET", "HEAD" -> blobs.get(ex);
          case "DELETE" -> blobs.delete(ex);
          default -> throw unsupported(method);
        }
      }
      case UPLOADS -> {
        requireMethod(method, "POST");
        blobs.startUpload(ex);
      }
      case UPLOAD -> {
        switch (method) {
          case "GET" -> blobs.uploadStatus(ex);
          case "PATCH" -> blobs.patch(ex);
          case "PUT" -> blobs.put(ex);
          case "DELETE" -> blobs.cancel(ex);
          default -> throw unsupported(method);
        }
      }
      case TAGS -> {
        requireMethod(method, "GET", "HEAD");
        manifests.tags(ex);
      }
      case REFERRERS -> {
        requireMethod(method, "GET", "HEAD");
        manifests.referrers(ex);
      }
    }
  }

  @ExceptionHandler(RegistryException.class)
  void registryError(RegistryException e, HttpServletResponse response) throws IOException {
    metrics.error(e.code());
    log.debug("{}", e.getMessage());
    if (!response.isCommitted()) {
      response.resetBuffer();
      OciErrors.write(response, e.status(), e.code(), e.detail());
    }
  }

  @ExceptionHandler(IllegalArgumentException.class)
  void invalid(IllegalArgumentException e, HttpServletResponse response) throws IOException {
    // The storage refuses a name or tag the checks above should have caught.
    registryError(new RegistryException(400, ErrorCode.NAME_INVALID, e.getMessage()), response);
  }

  private static void requireMethod(String method, String... allowed) {
    for (String candidate : allowed) {
      if (candidate.equals(method)) {
        return;
      }
    }
    throw unsupported(method);
  }

  private static RegistryException unsupported(String method) {
    return new RegistryException(405, ErrorCode.UNSUPPORTED, method + " is not supported here");
  }
}
