package dev.unicore.controlplane.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unicore.controlplane.ApiClient;
import dev.unicore.controlplane.ApiClient.Response;
import dev.unicore.controlplane.TarGz;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
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
   * Requests for every operation, sent in this order, success and error answers both. {@code
   * {build}}, {@code {worker}} and {@code {task}} stand for the ids the earlier answers gave.
   */
  private static final List<Map.Entry<String, String[]>> SAMPLES =
      List.of(
          sample("importCatalog", "POST", "/api/v1/catalog/imports", ""),
          sample("listLibraries", "GET", "/api/v1/libraries?platform=qemu&size=2", null),
          sample("listLibraries", "GET", "/api/v1/libraries?size=500", null),
          sample("getLibrary", "GET", "/api/v1/libraries/console", null),
          sample("getLibrary", "GET", "/api/v1/libraries/absent", null),
          sample("getLibraryVersion", "GET", "/api/v1/libraries/console/versions/0.1.0", null),
          sample("getLibraryVersion", "GET", "/api/v1/libraries/console/versions/0.0.0", null),
          sample(
              "putLibrary",
              "PUT",
              "/api/v1/libraries/conformance-lib",
              "{\"manifest\": \"name = \\\"conformance-lib\\\"\\nversion = \\\"0.1.0\\\"\\n"
                  + "category = \\\"misc\\\"\\nkind = \\\"external\\\"\\n"
                  + "summary = \\\"x\\\"\\nplatforms = [\\\"linuxu\\\"]\\n"
                  + "architectures = [\\\"x86_64\\\"]\\n\"}"),
          sample("putLibrary", "PUT", "/api/v1/libraries/conformance-lib", "{\"manifest\": \"x\"}"),
          sample("putLibrary", "PUT", "/api/v1/libraries/conformance-lib", "{\"text\": \"x\"}"),
          sample("deleteLibrary", "DELETE", "/api/v1/libraries/conformance-lib", null),
          sample("deleteLibrary", "DELETE", "/api/v1/libraries/conformance-lib", null),
          sample(
              "checkRecipe",
              "POST",
              "/api/v1/recipe-checks",
              "{\"application\":\"a\",\"requires\":[\"console\"],\"targets\":[\"qemu/x86_64\"]}"),
          sample(
              "checkRecipe",
              "POST",
              "/api/v1/recipe-checks",
              "{\"application\":\"a\",\"libraries\":[{\"name\":\"x\"}],\"targets\":[\"qemu/x86_64\"]}"),
          sample("checkRecipe", "POST", "/api/v1/recipe-checks", "{\"targets\": 3}"),
          sample("createRecipe", "POST", "/api/v1/recipes", RECIPE.formatted("conformance")),
          sample("createRecipe", "POST", "/api/v1/recipes", RECIPE.formatted("conformance")),
          sample(
              "createRecipe",
              "POST",
              "/api/v1/recipes",
              "{\"name\":\"x\",\"application\":\"hello\"}"),
          sample(
              "updateRecipe",
              "PUT",
              "/api/v1/recipes/conformance",
              RECIPE.formatted("conformance")),
          sample("updateRecipe", "PUT", "/api/v1/recipes/nothing", RECIPE.formatted("nothing")),
          sample("getRecipe", "GET", "/api/v1/recipes/conformance", null),
          sample("getRecipe", "GET", "/api/v1/recipes/nothing", null),
          sample("getRecipeVersion", "GET", "/api/v1/recipes/conformance/versions/1", null),
          sample("getRecipeVersion", "GET", "/api/v1/recipes/conformance/versions/99", null),
          sample("listRecipes", "GET", "/api/v1/recipes", null),
          sample("uploadSource", "UPLOAD", "/api/v1/sources", "src/main.c"),
          sample("uploadSource", "UPLOAD", "/api/v1/sources", "../escape.c"),
          sample("uploadSource", "POST", "/api/v1/sources", "{}"),
          sample("getSource", "GET", "/api/v1/sources/{source}", null),
          sample("getSource", "GET", "/api/v1/sources/sha256:" + "0".repeat(64), null),
          sample("getSource", "GET", "/api/v1/sources/nonsense", null),
          sample(
              "registerAgent",
              "POST",
              "/api/v1/agents",
              "{\"name\":\"conformance\",\"kind\":\"local\",\"pool\":\"conformance\","
                  + "\"platforms\":[\"linuxu\"],\"capacity\":2}"),
          sample("registerAgent", "POST", "/api/v1/agents", "{\"name\":\"x\",\"kind\":\"vm\"}"),
          sample(
              "agentHeartbeat", "POST", "/api/v1/agents/{agent}/heartbeat", "{\"instances\":[]}"),
          sample("agentHeartbeat", "POST", "/api/v1/agents/999999/heartbeat", "{\"instances\":[]}"),
          // Only a kubernetes agent reports deployments: from a local agent, a problem.
          sample(
              "agentHeartbeat",
              "POST",
              "/api/v1/agents/{agent}/heartbeat",
              "{\"instances\":[],\"deployments\":[]}"),
          sample(
              "registerAgent",
              "POST",
              "/api/v1/agents",
              "{\"name\":\"conformance-cluster\",\"kind\":\"kubernetes\","
                  + "\"pool\":\"conformance-kubernetes\","
                  + "\"platforms\":[\"qemu\",\"firecracker\"],\"capacity\":1000}"),
          // No registry runs here, so the reported deployment is listed in deploymentProblems.
          sample(
              "agentHeartbeat",
              "POST",
              "/api/v1/agents/{agent}/heartbeat",
              "{\"instances\":[],\"deployments\":[{\"name\":\"conformance-cluster\","
                  + "\"image\":\"app:v1\",\"platform\":\"qemu\",\"replicas\":2}]}"),
          sample("listAgents", "GET", "/api/v1/agents", null),
          sample(
              "createDeployment",
              "POST",
              "/api/v1/deployments",
              "{\"name\":\"conformance\",\"image\":\"app:v1\",\"platform\":\"linuxu\","
                  + "\"pool\":\"conformance\"}"),
          sample(
              "createDeployment",
              "POST",
              "/api/v1/deployments",
              "{\"name\":\"conformance\",\"image\":\"UPPER:case\",\"platform\":\"linuxu\"}"),
          sample("listDeployments", "GET", "/api/v1/deployments", null),
          sample("getDeployment", "GET", "/api/v1/deployments/absent", null),
          sample("updateDeployment", "PATCH", "/api/v1/deployments/absent", "{\"replicas\":2}"),
          sample("rollbackDeployment", "POST", "/api/v1/deployments/absent/rollback", ""),
          sample("deleteDeployment", "DELETE", "/api/v1/deployments/absent", null),
          sample("listBuilds", "GET", "/api/v1/builds?size=5", null),
          sample("listBuilds", "GET", "/api/v1/builds?size=1000", null),
          sample("listWorkers", "GET", "/api/v1/workers", null),
          sample("listAuditEvents", "GET", "/api/v1/audit-events?action=createRecipe", null),
          sample("listAuditEvents", "GET", "/api/v1/audit-events?size=0", null),
          sample(
              "createBuild",
              "POST",
              "/api/v1/builds",
              "{\"recipe\":\"conformance\",\"noCache\":true}"),
          sample("createBuild", "POST", "/api/v1/builds", "{\"recipe\":\"nothing\"}"),
          sample("getBuild", "GET", "/api/v1/builds/{build}", null),
          sample("getBuild", "GET", "/api/v1/builds/424242", null),
          sample(
              "registerWorker",
              "POST",
              "/api/v1/workers",
              "{\"name\":\"w\",\"platforms\":[\"qemu\"],\"architectures\":[\"x86_64\"],\"capacity\":64}"),
          sample(
              "registerWorker",
              "POST",
              "/api/v1/workers",
              "{\"name\":\"w\",\"capacity\":\"many\"}"),
          sample("leaseTask", "POST", "/api/v1/workers/{worker}/leases", ""),
          sample("leaseTask", "POST", "/api/v1/workers/424242/leases", ""),
          sample(
              "heartbeatTask", "POST", "/api/v1/tasks/{task}/heartbeat", "{\"workerId\":{worker}}"),
          sample(
              "heartbeatTask", "POST", "/api/v1/tasks/{task}/heartbeat", "{\"workerId\":424242}"),
          sample(
              "appendTaskLog",
              "POST",
              "/api/v1/tasks/{task}/logs",
              "{\"workerId\":{worker},\"lines\":[\"a line\"]}"),
          sample(
              "appendTaskLog",
              "POST",
              "/api/v1/tasks/{task}/logs",
              "{\"workerId\":424242,\"lines\":[]}"),
          sample("getTaskLog", "GET", "/api/v1/tasks/{task}/logs", null),
          sample("getTaskLog", "GET", "/api/v1/tasks/424242/logs", null),
          sample(
              "completeTask",
              "POST",
              "/api/v1/tasks/{task}/result",
              "{\"workerId\":{worker},\"outcome\":\"succeeded\"}"),
          sample(
              "completeTask",
              "POST",
              "/api/v1/tasks/{task}/result",
              "{\"workerId\":{worker},\"outcome\":\"succeeded\"}"),
          sample(
              "completeTask",
              "POST",
              "/api/v1/tasks/424242/result",
              "{\"workerId\":1,\"outcome\":\"failed\",\"reason\":\"x\"}"),
          sample("cancelBuild", "POST", "/api/v1/builds/{build}/cancel", ""),
          sample("cancelBuild", "POST", "/api/v1/builds/424242/cancel", ""),
          sample("leaseTask", "POST", "/api/v1/workers/{worker}/leases", ""),
          sample(
              "createToken", "POST", "/api/v1/tokens", "{\"name\":\"c\",\"roles\":[\"viewer\"]}"),
          sample("createToken", "POST", "/api/v1/tokens", "{\"name\":\"c\",\"roles\":[]}"),
          sample("listTokens", "GET", "/api/v1/tokens", null),
          sample("revokeToken", "DELETE", "/api/v1/tokens/424242", null));

  private static Map.Entry<String, String[]> sample(
      String operationId, String method, String path, String body) {
    return Map.entry(operationId, new String[] {method, path, body});
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
    assertThat(SAMPLES.stream().map(Map.Entry::getKey).distinct())
        .containsExactlyInAnyOrderElementsOf(operations.keySet());

    Map<String, String> ids = new HashMap<>();
    List<String> violations = new ArrayList<>();
    for (Map.Entry<String, String[]> sample : SAMPLES) {
      String method = sample.getValue()[0];
      String path = substitute(sample.getValue()[1], ids);
      String body = sample.getValue()[2] == null ? null : substitute(sample.getValue()[2], ids);
      Response response =
          switch (method) {
            case "GET" -> api.get(path);
            case "DELETE" -> api.delete(path);
            case "PUT" -> api.put(path, body);
            case "PATCH" -> api.patch(path, body);
            // A tar.gz holding one file at the path the sample names.
            case "UPLOAD" ->
                api.upload(
                    path,
                    new TarGz().file(body, "int main(void) { return 0; }\n").bytes(),
                    "application/gzip");
            default -> api.post(path, body);
          };
      remember(sample.getKey(), response, ids);
      String where = sample.getKey() + " " + method + " " + path + " → " + response.status();
      JsonNode documented = operations.get(sample.getKey()).at("/responses/" + response.status());
      if (documented.isMissingNode()) {
        violations.add(where + ": status not documented; body " + response.text());
        continue;
      }
      JsonNode content = resolve(documented).get("content");
      if (content == null) {
        if (!response.text().isEmpty()) {
          violations.add(where + ": a body where the spec documents none");
        }
        continue;
      }
      String mediaType = response.contentType().split(";")[0].trim();
      if (!content.has(mediaType)) {
        violations.add(where + ": content type " + mediaType + " not documented");
        continue;
      }
      if (!mediaType.endsWith("json")) {
        continue; // a text body: its schema is a string, which any text is
      }
      validate(
          resolve(content.get(mediaType).get("schema")), response.body(), where + " $", violations);
    }
    assertThat(violations).isEmpty();
  }

  /** Keeps the ids later samples refer to. */
  private static void remember(String operationId, Response response, Map<String, String> ids) {
    if (response.status() >= 300 || response.body() == null) {
      return;
    }
    switch (operationId) {
      case "createBuild" -> ids.put("build", response.body().get("id").asString());
      case "registerWorker" -> ids.put("worker", response.body().get("id").asString());
      case "leaseTask" -> ids.putIfAbsent("task", response.body().at("/task/id").asString());
      case "uploadSource" -> ids.put("source", response.body().get("digest").asString());
      case "registerAgent" -> ids.put("agent", response.body().get("id").asString());
      default -> {}
    }
  }

  private static String substitute(String text, Map<String, String> ids) {
    for (Map.Entry<String, String> id : ids.entrySet()) {
      text = text.replace("{" + id.getKey() + "}", id.getValue());
    }
    return text;
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
