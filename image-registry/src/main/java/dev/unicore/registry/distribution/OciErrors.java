package dev.unicore.registry.distribution;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** Writes the OCI error envelope, {@code {"errors":[{"code","message","detail"}]}}. */
public final class OciErrors {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private OciErrors() {}

  /**
   * Answers the request with one error.
   *
   * @param detail what exactly went wrong; any JSON-serializable value, or null
   */
  public static void write(HttpServletResponse response, int status, ErrorCode code, Object detail)
      throws IOException {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code.name());
    error.put("message", code.message());
    error.put("detail", detail);
    byte[] body = JSON.writeValueAsBytes(Map.of("errors", List.of(error)));
    response.setStatus(status);
    response.setContentType("application/json");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
