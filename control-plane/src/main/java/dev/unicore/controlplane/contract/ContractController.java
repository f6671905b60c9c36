package dev.unicore.controlplane.contract;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /v3/api-docs}: the OpenAPI document, exactly as it is in the repository. */
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
}
