package dev.unicore.controlplane.contract;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v3/api-docs}: the OpenAPI document, exactly as it is in the repository; {@code
 * /api-docs} sends a browser to its rendering (static/api-docs/, Swagger UI).
 */
@RestController
class ContractController {
  static final MediaType YAML = MediaType.parseMediaType("application/yaml");

  private final byte[] contract;

  ContractController() {
    try (InputStream input = new ClassPathResource("openapi/unicore.yaml").getInputStream()) {
      this.contract = input.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("the packaged contract openapi/unicore.yaml is missing", e);
    }
  }

  @GetMapping(path = {"/v3/api-docs", "/v3/api-docs.yaml"})
  ResponseEntity<byte[]> contract() {
    return ResponseEntity.ok().contentType(YAML).body(contract);
  }

  @GetMapping(path = {"/api-docs", "/api-docs/"})
  ResponseEntity<Void> browsableContract() {
    return ResponseEntity.status(HttpStatus.FOUND)
        .location(URI.create("/api-docs/index.html"))
        .build();
  }
}
