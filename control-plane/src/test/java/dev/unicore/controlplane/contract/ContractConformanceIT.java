package dev.unicore.controlplane.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unicore.controlplane.ApiClient;
import dev.unicore.controlplane.ApiClient.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The server against its contract, {@code openapi/unicore.yaml}: every operation of the spec is
 * served, and every answer — success and error alike — has a status the operation documents, the
 * documented content type, and a body the documented schema allows. An operation added to the spec
 * without a sample request here fails the test, so new routes cannot skip it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ContractConformanceIT {
  /** Requests for every operation: method, path, body (or null). Each is sent and checked. */
  private static final String RECIPE =
      "{\"name\":\"%s\",\"application\":\"hello\",\"requires\":[\"console\"],"
          + "\"targets\":[\"qemu/x86_64\"]}";

  /**
   * Requests for every operation, in the order they are sent (operations by name): success and
   * error answers both.
   */
  private static final Map<String, List<String[]>> SAMPLES =
      Map.ofEntries(
          sample("listTokens", request("GET", "/api/v1/tokens", null)),
          sample(
              "createToken",
              request("POST", "/api/v1/tokens", "{\"name\":\"c\",\"roles\":[\"viewer\"]}"),
              request("POST", "/api/v1/tokens", "{\"name\":\"c\",\"roles\":[]}")),
          sample("revokeToken", request("DELETE", "/api/v1/tokens/424242", null)),
          sample("importCatalog", request("POST", "/api/v1/catalog/imports", "")),
          sample(
              "createRecipe",
              request("POST", "/api/v1/recipes", RECIPE.formatted("conformance")),
              request("POST", "/api/v1/recipes", RECIPE.formatted("conformance")),
              request("POST", "/api/v1/recipes", "{\"name\":\"x\",\"application\":\"hello\"}")),
          sample(
              "updateRecipe",
              request("PUT", "/api/v1/recipes/conformance", RECIPE.formatted("conformance")),
              request("PUT", "/api/v1/recipes/nothing", RECIPE.formatted("nothing"))),
          sample(
              "getRecipe",
              request("GET", "/api/v1/recipes/conformance", null),
              request("GET", "/api/v1/recipes/nothing", null)),
          sample(
              "getRecipeVersion",
              request("GET", "/api/v1/recipes/conformance/versions/1", null),
              request("GET", "/api/v1/recipes/conformance/versions/99", null)),
          sample("listRecipes", request("GET", "/api/v1/recipes", null)),
          sample(
              "listLibraries",
              request("GET", "/api/v1/libraries?platform=qemu&size=2", null),
              request("GET", "/api/v1/libraries?size=500", null)),
          sample(
              "getLibrary",
              request("GET", "/api/v1/libraries/console", null),
              request("GET", "/api/v1/libraries/absent", null)),
          sample(
              "getLibraryVersion",
              request("GET", "/api/v1/libraries/console/versions/0.1.0", null),
              request("GET", "/api/v1/libraries/console/versions/0.0.0", null)),
          sample(
              "checkRecipe",
              request(
                  "POST",
                  "/api/v1/recipe-checks",
                  "{\"application\":\"a\",\"requires\":[\"console\"],\"targets\":[\"qemu/x86_64\"]}"),
              request(
                  "POST",
                  "/api/v1/recipe-checks",
                  "{\"application\":\"a\",\"libraries\":[{\"name\":\"x\"}],\"targets\":[\"qemu/x86_64\"]}"),
              request("POST", "/api/v1/recipe-checks", "{\"targets\": 3}")));

  private static Map.Entry<String, List<String[]>> sample(
      String operationId, String[]... requests) {
    return Map.entry(operationId, List.of(requests));
  }

  private static String[] request(String method, String path, String body) {
    return new String[] {method, path, body};
  }

  private final JsonMapper json = JsonMapper.builder().build();
  @LocalServerPort int port;
  private ApiClient api;
  private JsonNode spec;

  @BeforeEach
  void loadSpec() throws IOException {
    api = new ApiClient(port);
    // A full catalog, so the sample requests reach their success answers as well as errors.
    assertThat(api.post("/api/v1/catalog/imports", "").status()).isEqualTo(200);
    Path file = Path.of(System.getProperty("unicore.home", "..")).resolve("openapi/unicore.yaml");
    try (InputStream input = Files.newInputStream(file)) {
      Object yaml = new Yaml().load(input);
      spec = json.valueToTree(yaml);
    }
  }

  @Test
  void everyOperationIsServedAndAnswersAsTheSpecSays() {
    Map<String, JsonNode> operations = new TreeMap<>();
    spec.get("paths")
        .properties()
        .forEach(
            path ->
                path.getValue()
                    .properties()
                    .forEach(
                        method ->
                            operations.put(
                                method.getValue().get("operationId").asString(),
                                method.getValue())));
    assertThat(SAMPLES.keySet()).containsExactlyInAnyOrderElementsOf(operations.keySet());

    List<String> violations = new ArrayList<>();
    for (Map.Entry<String, JsonNode> operation : operations.entrySet()) {
      for (String[] sample : SAMPLES.get(operation.getKey())) {
        Response response =
            switch (sample[0]) {
              case "GET" -> api.get(sample[1]);
              case "DELETE" -> api.delete(sample[1]);
              case "PUT" -> api.put(sample[1], sample[2]);
              default -> api.post(sample[1], sample[2]);
            };
        String where =
            operation.getKey() + " " + sample[0] + " " + sample[1] + " → " + response.status();
        JsonNode documented = operation.getValue().at("/responses/" + response.status());
        if (documented.isMissingNode()) {
          violations.add(where + ": status not documented; body " + response.text());
          continue;
        }
        JsonNode content = resolve(documented).get("content");
        String mediaType = response.contentType().split(";")[0].trim();
        if (content == null || !content.has(mediaType)) {
          violations.add(where + ": content type " + mediaType + " not documented");
          continue;
        }
        validate(
            resolve(content.get(mediaType).get("schema")),
            response.body(),
            where + " $",
            violations);
      }
    }
    assertThat(violations).isEmpty();
  }

  @Test
  void theContractItselfIsServed() {
    Response served = api.get("/v3/api-docs");

    assertThat(served.status()).isEqualTo(200);
    assertThat(served.contentType()).startsWith("application/yaml");
    assertThat(served.text()).contains("openapi: 3.1.0").contains("operationId: checkRecipe");
  }

  /**
   * Checks a JSON value against the subset of JSON Schema the contract uses: $ref, type, required,
   * properties, items and enum.
   */
  private void validate(JsonNode schema, JsonNode value, String path, List<String> violations) {
    schema = resolve(schema);
    if (value == null) {
      violations.add(path + ": no JSON body");
      return;
    }
    if (schema.has("enum")) {
      boolean listed = schema.get("enum").valueStream().anyMatch(v -> v.equals(value));
      if (!listed) {
        violations.add(path + ": " + value + " is not one of " + schema.get("enum"));
      }
    }
    String type = schema.has("type") ? schema.get("type").asString() : null;
    if (type == null) {
      return;
    }
    boolean typeHolds =
        switch (type) {
          case "object" -> value.isObject();
          case "array" -> value.isArray();
          case "string" -> value.isString();
          case "integer" -> value.isIntegralNumber();
          case "number" -> value.isNumber();
          case "boolean" -> value.isBoolean();
          default -> true;
        };
    if (!typeHolds) {
      violations.add(path + ": expected " + type + ", got " + value);
      return;
    }
    if (value.isObject()) {
      if (schema.has("required")) {
        for (JsonNode required : schema.get("required")) {
          if (!value.has(required.asString())) {
            violations.add(path + ": missing required property " + required.asString());
          }
        }
      }
      if (schema.has("properties")) {
        schema
            .get("properties")
            .properties()
            .forEach(
                property -> {
                  JsonNode member = value.get(property.getKey());
                  if (member != null && !member.isNull()) {
                    validate(
                        property.getValue(), member, path + "." + property.getKey(), violations);
                  }
                });
      }
    }
    if (value.isArray() && schema.has("items")) {
      int index = 0;
      for (JsonNode item : value) {
        validate(schema.get("items"), item, path + "[" + index++ + "]", violations);
      }
    }
  }

  private JsonNode resolve(JsonNode node) {
    while (node != null && node.has("$ref")) {
      String reference = node.get("$ref").asString();
      node = spec.at(reference.substring(1));
    }
    return node;
  }
}
