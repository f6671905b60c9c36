package dev.unicore.registry.distribution;

import dev.unicore.registry.storage.Digest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * One request and its response, with the helpers every endpoint needs. Query parameters are read
 * from the raw query string, never through {@code getParameter}, which would consume a form body.
 */
final class Exchange {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  final HttpServletRequest request;
  final HttpServletResponse response;
  final RegistryPath path;
  private final Map<String, List<String>> query;

  Exchange(HttpServletRequest request, HttpServletResponse response, RegistryPath path) {
    this.request = request;
    this.response = response;
    this.path = path;
    this.query = parseQuery(request.getQueryString());
  }

  String method() {
    return request.getMethod();
  }

  boolean isHead() {
    return "HEAD".equals(request.getMethod());
  }

  String param(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  List<String> params(String name) {
    return query.getOrDefault(name, List.of());
  }

  String header(String name) {
    return request.getHeader(name);
  }

  /** The repository, checked against the spec's grammar (400 NAME_INVALID). */
  String repository() {
    String name = path.repository();
    if (!RegistryPath.isValidName(name)) {
      throw new RegistryException(400, ErrorCode.NAME_INVALID, "invalid repository name: " + name);
    }
    request.setAttribute(RegistryRequest.REPOSITORY, name);
    return name;
  }

  /** Parses a digest (400 DIGEST_INVALID when malformed or of an unsupported algorithm). */
  Digest digest(String text) {
    try {
      Digest digest = Digest.parse(text);
      request.setAttribute(RegistryRequest.DIGEST, digest.toString());
      return digest;
    } catch (IllegalArgumentException e) {
      throw new RegistryException(400, ErrorCode.DIGEST_INVALID, e.getMessage());
    }
  }

  void json(int status, String contentType, Object body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    response.setStatus(status);
    response.setContentType(contentType);
    response.setContentLength(bytes.length);
    if (!isHead()) {
      response.getOutputStream().write(bytes);
    }
  }

  void empty(int status) {
    response.setStatus(status);
    response.setContentLength(0);
  }

  static Map<String, Object> object(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  private static Map<String, List<String>> parseQuery(String raw) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return params;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      try {
        key = URLDecoder.decode(key, StandardCharsets.UTF_8);
        value = URLDecoder.decode(value, StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        // Kept raw; validation of the value rejects it.
      }
      params.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }
    return params;
  }
}
