package dev.unicore.agent.kubernetes.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.Release;
import dev.unicore.agent.kubernetes.testing.KubeCluster;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Helm chart {@code helm/unicore}: linted and rendered by the real Helm engine (helm-java), the
 * rendered objects checked fact by fact, then sent to a real Kubernetes 1.20 API server (the shared
 * {@link KubeCluster}) with server-side dry run, which validates them as the cluster would on
 * install. Renders run against that cluster too, so the chart's {@code lookup} of earlier Secrets
 * is real (see {@link ChartRenderer}).
 */
class HelmChartIT {
  private static final String RELEASE = "unicore";
  private static final String NAMESPACE = "unicore";
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final String UNIKERNEL_DEPLOYMENT =
      """
      apiVersion: unicore.dev/v1alpha1
      kind: UnikernelDeployment
      metadata:
        name: hello
      spec:
        image: unicore/hello:latest
        replicas: 2
        ports:
          - port: 8080
      """;

  private static Path home;
  private static Path chart;
  private static KubeCluster cluster;
  private static ChartRenderer renderer;

  @BeforeAll
  static void startCluster() {
    home = Path.of(System.getProperty("unicore.home", "../..")).toAbsolutePath().normalize();
    chart = home.resolve("helm/unicore");
    cluster = KubeCluster.shared();
    renderer = new ChartRenderer(chart, cluster.kubeconfig());
  }

  // ---- lint -------------------------------------------------------------------------------

  @Test
  void lintPassesStrictWithDefaultValues() {
    LintResult result = new Helm(chart).lint().strict().call();

    assertThat(result.isFailed()).as("lint messages: %s", result.getMessages()).isFalse();
    assertThat(result.getMessages())
        .noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
  }

  @Test
  void lintFailsNamingTheValueWhenTheExternalDatabaseHasNoUrl(@TempDir Path copy)
      throws IOException {
    copyChart(copy);
    ObjectNode values = (ObjectNode) YAML.readTree(copy.resolve("values.yaml").toFile());
    ((ObjectNode) values.at("/postgresql/external")).put("enabled", true);
    YAML.writeValue(copy.resolve("values.yaml").toFile(), values);

    LintResult result = new Helm(copy).lint().strict().call();

    // Helm's lint runs `fail` leniently (logged, not failed); values.schema.json catches it.
    assertThat(result.isFailed()).isTrue();
    assertThat(String.join("\n", result.getMessages()))
        .contains(
            "at '/postgresql/external/url': '' does not match pattern '^jdbc:postgresql://.+'")
        .contains("at '/postgresql/external/existingSecret': minLength: got 0, want 1");
  }

  @Test
  void renderingFailsWithAClearMessageForWrongValues() {
    ChartRenderer.Result noUrl = render(Map.of("postgresql.external.enabled", "true"));
    assertThat(noUrl.succeeded()).isFalse();
    assertThat(noUrl.output())
        .contains(
            "at '/postgresql/external/url': '' does not match pattern '^jdbc:postgresql://.+'");

    ChartRenderer.Result notJdbc =
        render(
            Map.of(
                "postgresql.external.enabled", "true",
                "postgresql.external.url", "postgres://db:5432/unicore",
                "postgresql.external.existingSecret", "db"));
    assertThat(notJdbc.succeeded()).isFalse();
    assertThat(notJdbc.output()).contains("at '/postgresql/external/url'");

    ChartRenderer.Result negativeReplicas = render(Map.of("builderWorker.replicas", "-1"));
    assertThat(negativeReplicas.succeeded()).isFalse();
    assertThat(negativeReplicas.output()).contains("at '/builderWorker/replicas': minimum: got -1");

    ChartRenderer.Result noHost = render(Map.of("ingress.enabled", "true", "ingress.host", ""));
    assertThat(noHost.succeeded()).isFalse();
    assertThat(noHost.output()).contains("at '/ingress/host': minLength: got 0, want 1");

    // A rule no schema can state: the template's own `fail`.
    ChartRenderer.Result inverted =
        render(
            Map.of(
                "builderWorker.autoscaling.enabled", "true",
                "builderWorker.autoscaling.minReplicas", "5",
                "builderWorker.autoscaling.maxReplicas", "2"));
    assertThat(inverted.succeeded()).isFalse();
    assertThat(inverted.output())
        .contains(
            "builderWorker.autoscaling.maxReplicas must be at least"
                + " builderWorker.autoscaling.minReplicas");
  }

  // ---- template: what the objects say ---------------------------------------------------------

  @Test
  void defaultsRenderEveryComponentWithBundledDatabaseAndGeneratedSecrets() {
    Objects objects = new Objects(render(Map.of()).documents());

    assertThat(objects.names("Deployment"))
        .containsExactlyInAnyOrder(
            "unicore-control-plane",
            "unicore-registry",
            "unicore-builder-worker",
            "unicore-operator");
    assertThat(objects.names("StatefulSet")).containsExactly("unicore-postgresql");
    assertThat(objects.names("Secret"))
        .containsExactlyInAnyOrder(
            "unicore-tokens", "unicore-registry-credentials", "unicore-postgresql");
    assertThat(objects.names("HorizontalPodAutoscaler")).isEmpty();
    assertThat(objects.names("Ingress")).isEmpty();
    assertThat(objects.names("ClusterRole")).isEmpty();
    assertThat(objects.names("ClusterRoleBinding")).isEmpty();
    assertThat(objects.names("CustomResourceDefinition"))
        .as("the CRD comes from crds/, never from templates")
        .isEmpty();

    // Labels on every object.
    for (JsonNode object : objects.all) {
      JsonNode labels = object.at("/metadata/labels");
      assertThat(labels.path("helm.sh/chart").asText())
          .as(describe(object))
          .isEqualTo("unicore-0.1.0");
      assertThat(labels.path("app.kubernetes.io/name").asText()).isEqualTo("unicore");
      assertThat(labels.path("app.kubernetes.io/instance").asText()).isEqualTo(RELEASE);
      assertThat(labels.path("app.kubernetes.io/version").asText()).isEqualTo("0.1.0");
      assertThat(labels.path("app.kubernetes.io/managed-by").asText()).isEqualTo("Helm");
      assertThat(labels.path("app.kubernetes.io/component").asText()).isNotEmpty();
    }

    // Services and their ports.
    assertThat(objects.get("Service", "unicore-control-plane").at("/spec/ports/0/port").asInt())
        .isEqualTo(8080);
    assertThat(objects.get("Service", "unicore-registry").at("/spec/ports/0/port").asInt())
        .isEqualTo(5000);
    assertThat(objects.get("Service", "unicore-operator").at("/spec/ports/0/port").asInt())
        .isEqualTo(8095);
    assertThat(objects.get("Service", "unicore-postgresql").at("/spec/ports/0/port").asInt())
        .isEqualTo(5432);

    // Secrets hold generated values.
    JsonNode tokens = objects.get("Secret", "unicore-tokens");
    assertThat(decode(tokens, "admin-token")).hasSize(48).matches("[A-Za-z0-9]+");
    JsonNode registryCredentials = objects.get("Secret", "unicore-registry-credentials");
    assertThat(decode(registryCredentials, "push-password-hash")).startsWith("$2a$");
    assertThat(decode(registryCredentials, "pull-password-hash")).startsWith("$2a$");
    assertThat(Base64.getDecoder().decode(decode(registryCredentials, "signing-key")))
        .hasSizeGreaterThanOrEqualTo(32);
    assertThat(decode(objects.get("Secret", "unicore-postgresql"), "password")).hasSize(40);

    // Control plane: bundled database, bootstrap token, registry, probes, image.
    JsonNode controlPlane = container(objects.get("Deployment", "unicore-control-plane"));
    assertThat(controlPlane.path("image").asText())
        .isEqualTo("ghcr.io/unicore-dev/control-plane:0.1.0");
    Map<String, JsonNode> env = env(controlPlane);
    assertThat(env.get("SPRING_DATASOURCE_URL").path("value").asText())
        .isEqualTo("jdbc:postgresql://unicore-postgresql:5432/unicore");
    assertThat(env.get("SPRING_DATASOURCE_USERNAME").path("value").asText()).isEqualTo("unicore");
    assertSecretRef(env.get("SPRING_DATASOURCE_PASSWORD"), "unicore-postgresql", "password");
    assertSecretRef(env.get("UNICORE_AUTH_BOOTSTRAPADMINTOKEN"), "unicore-tokens", "admin-token");
    assertThat(env.get("UNICORE_DEPLOYMENTS_REGISTRYURL").path("value").asText())
        .isEqualTo("http://unicore-registry:5000");
    assertSecretRef(
        env.get("UNICORE_DEPLOYMENTS_REGISTRYPASSWORD"),
        "unicore-registry-credentials",
        "pull-password");
    assertThat(controlPlane.at("/livenessProbe/httpGet/path").asText())
        .isEqualTo("/actuator/health/liveness");
    assertThat(controlPlane.at("/readinessProbe/httpGet/path").asText())
        .isEqualTo("/actuator/health/readiness");
    assertThat(controlPlane.at("/resources/limits/memory").asText()).isNotEmpty();

    // Bundled PostgreSQL: official image, data on a claim, password from its Secret.
    JsonNode postgres = objects.get("StatefulSet", "unicore-postgresql");
    assertThat(container(postgres).path("image").asText())
        .startsWith("docker.io/library/postgres:");
    assertThat(postgres.at("/spec/volumeClaimTemplates/0/spec/resources/requests/storage").asText())
        .isEqualTo("8Gi");
    assertSecretRef(
        env(container(postgres)).get("POSTGRES_PASSWORD"), "unicore-postgresql", "password");

    // Registry: one replica on its claim, storage root = mount, auth accounts from the Secret.
    JsonNode registryDeployment = objects.get("Deployment", "unicore-registry");
    assertThat(registryDeployment.at("/spec/replicas").asInt()).isEqualTo(1);
    assertThat(registryDeployment.at("/spec/strategy/type").asText()).isEqualTo("Recreate");
    JsonNode claim = objects.get("PersistentVolumeClaim", "unicore-registry");
    assertThat(claim.at("/spec/resources/requests/storage").asText()).isEqualTo("20Gi");
    assertThat(
            registryDeployment
                .at("/spec/template/spec/volumes/0/persistentVolumeClaim/claimName")
                .asText())
        .isEqualTo("unicore-registry");
    JsonNode registry = container(registryDeployment);
    Map<String, JsonNode> registryEnv = env(registry);
    assertThat(registryEnv.get("UNICORE_REGISTRY_STORAGE_ROOT").path("value").asText())
        .isEqualTo(registry.at("/volumeMounts/0/mountPath").asText());
    assertThat(registryEnv.get("UNICORE_REGISTRY_AUTH_ENABLED").path("value").asText())
        .isEqualTo("true");
    assertSecretRef(
        registryEnv.get("UNICORE_REGISTRY_AUTH_ACCOUNTS_0_SECRETHASH"),
        "unicore-registry-credentials",
        "push-password-hash");

    // Builder workers: replicas, control plane and registry, the sandbox's rights.
    JsonNode workers = objects.get("Deployment", "unicore-builder-worker");
    assertThat(workers.at("/spec/replicas").asInt()).isEqualTo(2);
    JsonNode worker = container(workers);
    Map<String, JsonNode> workerEnv = env(worker);
    assertThat(workerEnv.get("UNICORE_WORKER_CONTROLPLANEURL").path("value").asText())
        .isEqualTo("http://unicore-control-plane:8080");
    assertThat(workerEnv.get("UNICORE_WORKER_REGISTRY_URL").path("value").asText())
        .isEqualTo("http://unicore-registry:5000");
    assertSecretRef(workerEnv.get("UNICORE_WORKER_TOKEN"), "unicore-tokens", "admin-token");
    assertSecretRef(
        workerEnv.get("UNICORE_WORKER_REGISTRY_PASSWORD"),
        "unicore-registry-credentials",
        "push-password");
    assertThat(texts(worker.at("/securityContext/capabilities/add")))
        .contains("SYS_ADMIN", "SETUID", "SETGID");
    assertThat(texts(worker.at("/securityContext/capabilities/drop"))).containsExactly("ALL");
    assertThat(worker.at("/securityContext/privileged").asBoolean()).isFalse();

    // Operator: replicas, settings, its own service account.
    JsonNode operatorDeployment = objects.get("Deployment", "unicore-operator");
    assertThat(operatorDeployment.at("/spec/replicas").asInt()).isEqualTo(2);
    assertThat(operatorDeployment.at("/spec/template/spec/serviceAccountName").asText())
        .isEqualTo("unicore-operator");
    JsonNode operator = container(operatorDeployment);
    assertThat(operator.path("image").asText())
        .isEqualTo("ghcr.io/unicore-dev/kubernetes-agent:0.1.0");
    Map<String, JsonNode> operatorEnv = env(operator);
    assertThat(
            operatorEnv
                .get("UNICORE_OPERATOR_NAMESPACE")
                .at("/valueFrom/fieldRef/fieldPath")
                .asText())
        .isEqualTo("metadata.namespace");
    assertThat(operatorEnv.get("UNICORE_OPERATOR_CONTROLPLANEURL").path("value").asText())
        .isEqualTo("http://unicore-control-plane:8080");
    assertSecretRef(operatorEnv.get("UNICORE_OPERATOR_TOKEN"), "unicore-tokens", "admin-token");
    assertThat(operatorEnv.get("UNICORE_OPERATOR_AGENTNAME").path("value").asText())
        .isEqualTo(RELEASE);
    assertThat(operatorEnv.get("UNICORE_OPERATOR_POOL").path("value").asText())
        .isEqualTo("kubernetes");
    assertThat(operatorEnv.get("UNICORE_OPERATOR_RUNTIMECLASS").path("value").asText())
        .isEqualTo("urunc");
    assertThat(operatorEnv.get("UNICORE_OPERATOR_REGISTRY_URL").path("value").asText())
        .isEqualTo("http://unicore-registry:5000");
    assertThat(operatorEnv.get("UNICORE_OPERATOR_REGISTRY_HOST").path("value").asText())
        .isEqualTo("unicore-registry.unicore.svc.cluster.local:5000");
    assertThat(operatorEnv.get("UNICORE_OPERATOR_REGISTRY_USERNAME").path("value").asText())
        .isEqualTo("puller");
    assertSecretRef(
        operatorEnv.get("UNICORE_OPERATOR_REGISTRY_PASSWORD"),
        "unicore-registry-credentials",
        "pull-password");
    assertThat(operatorEnv.get("UNICORE_OPERATOR_LEADERELECTION_ENABLED").path("value").asText())
        .isEqualTo("true");
    assertThat(operatorEnv.get("UNICORE_OPERATOR_LEADERELECTION_LEASENAME").path("value").asText())
        .isEqualTo("unicore-operator");
    assertThat(operator.at("/ports/0/containerPort").asInt()).isEqualTo(8095);
    assertThat(operator.at("/livenessProbe/httpGet/path").asText())
        .isEqualTo("/actuator/health/liveness");
    assertThat(operator.at("/readinessProbe/httpGet/path").asText())
        .isEqualTo("/actuator/health/readiness");

    // Only the operator may talk to the Kubernetes API.
    for (String name :
        List.of("unicore-control-plane", "unicore-registry", "unicore-builder-worker")) {
      assertThat(
              objects
                  .get("Deployment", name)
                  .at("/spec/template/spec/automountServiceAccountToken")
                  .asBoolean(true))
          .as(name)
          .isFalse();
    }
  }

  @Test
  void theOperatorsRoleIsNamespacedAndGrantsExactlyWhatItNeeds() {
    Objects objects = new Objects(render(Map.of()).documents());

    JsonNode role = objects.get("Role", "unicore-operator");
    Map<String, Set<String>> rules = new TreeMap<>();
    for (JsonNode rule : role.at("/rules")) {
      assertThat(rule.has("nonResourceURLs")).as("no non-resource URLs").isFalse();
      assertThat(rule.has("resourceNames")).isFalse();
      for (String group : texts(rule.at("/apiGroups"))) {
        for (String resource : texts(rule.at("/resources"))) {
          rules
              .computeIfAbsent(group + "/" + resource, key -> new TreeSet<>())
              .addAll(texts(rule.at("/verbs")));
        }
      }
    }
    assertThat(rules)
        .isEqualTo(
            Map.of(
                "unicore.dev/unikerneldeployments",
                    Set.of("get", "list", "watch", "create", "patch", "update", "delete"),
                "unicore.dev/unikerneldeployments/status", Set.of("get", "patch", "update"),
                "apps/deployments",
                    Set.of("get", "list", "watch", "create", "update", "patch", "delete"),
                "batch/jobs", Set.of("get", "list", "watch", "create", "update", "patch", "delete"),
                "/services", Set.of("get", "list", "watch", "create", "update", "patch", "delete"),
                "/secrets", Set.of("create", "patch"),
                "/pods", Set.of("get", "list", "watch", "delete"),
                "/events", Set.of("create", "patch"),
                "coordination.k8s.io/leases", Set.of("get", "create", "update", "patch")));

    JsonNode binding = objects.get("RoleBinding", "unicore-operator");
    assertThat(binding.at("/roleRef/kind").asText()).isEqualTo("Role");
    assertThat(binding.at("/roleRef/name").asText()).isEqualTo("unicore-operator");
    assertThat(binding.at("/subjects/0/kind").asText()).isEqualTo("ServiceAccount");
    assertThat(binding.at("/subjects/0/name").asText()).isEqualTo("unicore-operator");
    assertThat(binding.at("/subjects/0/namespace").asText()).isEqualTo(NAMESPACE);
    assertThat(objects.names("ServiceAccount")).containsExactly("unicore-operator");
  }

  @Test
  void workerReplicasAndImageValuesAreHonoured() {
    Objects objects =
        new Objects(
            render(
                    Map.of(
                        "builderWorker.replicas", "5",
                        "image.registry", "registry.example.com/unicore",
                        "image.tag", "1.2.3",
                        "controlPlane.image.tag", "1.2.4",
                        "image.pullSecrets[0]", "pull-credentials"))
                .documents());

    JsonNode workers = objects.get("Deployment", "unicore-builder-worker");
    assertThat(workers.at("/spec/replicas").asInt()).isEqualTo(5);
    assertThat(container(workers).path("image").asText())
        .isEqualTo("registry.example.com/unicore/builder-worker:1.2.3");
    assertThat(container(objects.get("Deployment", "unicore-control-plane")).path("image").asText())
        .isEqualTo("registry.example.com/unicore/control-plane:1.2.4");
    assertThat(workers.at("/spec/template/spec/imagePullSecrets/0/name").asText())
        .isEqualTo("pull-credentials");
  }

  @Test
  void anExternalDatabaseReplacesTheBundledOne() {
    Objects objects =
        new Objects(
            render(
                    Map.of(
                        "postgresql.external.enabled", "true",
                        "postgresql.external.url", "jdbc:postgresql://db.example.com:5432/unicore",
                        "postgresql.external.username", "platform",
                        "postgresql.external.existingSecret", "unicore-db"))
                .documents());

    assertThat(objects.names("StatefulSet")).isEmpty();
    assertThat(objects.names("Secret")).doesNotContain("unicore-postgresql");
    assertThat(objects.names("Service")).doesNotContain("unicore-postgresql");
    Map<String, JsonNode> env = env(container(objects.get("Deployment", "unicore-control-plane")));
    assertThat(env.get("SPRING_DATASOURCE_URL").path("value").asText())
        .isEqualTo("jdbc:postgresql://db.example.com:5432/unicore");
    assertThat(env.get("SPRING_DATASOURCE_USERNAME").path("value").asText()).isEqualTo("platform");
    assertSecretRef(env.get("SPRING_DATASOURCE_PASSWORD"), "unicore-db", "password");
  }

  @Test
  void existingSecretsAndScopedTokensReplaceGeneratedOnes() {
    Objects objects =
        new Objects(
            render(
                    Map.of(
                        "auth.existingSecret", "my-tokens",
                        "registry.auth.existingSecret", "my-registry",
                        "builderWorker.token.existingSecret", "worker-token",
                        "operator.token.existingSecret", "agent-token",
                        "operator.token.key", "secret"))
                .documents());

    assertThat(objects.names("Secret")).containsExactly("unicore-postgresql");
    assertSecretRef(
        env(container(objects.get("Deployment", "unicore-control-plane")))
            .get("UNICORE_AUTH_BOOTSTRAPADMINTOKEN"),
        "my-tokens",
        "admin-token");
    assertSecretRef(
        env(container(objects.get("Deployment", "unicore-builder-worker")))
            .get("UNICORE_WORKER_TOKEN"),
        "worker-token",
        "token");
    Map<String, JsonNode> operatorEnv =
        env(container(objects.get("Deployment", "unicore-operator")));
    assertSecretRef(operatorEnv.get("UNICORE_OPERATOR_TOKEN"), "agent-token", "secret");
    assertSecretRef(
        operatorEnv.get("UNICORE_OPERATOR_REGISTRY_PASSWORD"), "my-registry", "pull-password");
  }

  @Test
  void ingressAndAutoscalingRenderWhenEnabled() {
    Objects objects = new Objects(render(ingressAndAutoscaling()).documents());

    JsonNode ingress = objects.get("Ingress", "unicore-control-plane");
    assertThat(ingress.path("apiVersion").asText()).isEqualTo("networking.k8s.io/v1");
    assertThat(ingress.at("/spec/ingressClassName").asText()).isEqualTo("nginx");
    assertThat(ingress.at("/spec/rules/0/host").asText()).isEqualTo("unicore.example.org");
    assertThat(ingress.at("/spec/rules/0/http/paths/0/backend/service/name").asText())
        .isEqualTo("unicore-control-plane");
    assertThat(ingress.at("/spec/tls/0/secretName").asText()).isEqualTo("unicore-tls");
    assertThat(ingress.at("/spec/tls/0/hosts/0").asText()).isEqualTo("unicore.example.org");

    JsonNode autoscaler = objects.get("HorizontalPodAutoscaler", "unicore-builder-worker");
    // helm-java renders for Kubernetes 1.20 (Helm's default capabilities), where only v2beta2
    // exists.
    assertThat(autoscaler.path("apiVersion").asText()).isEqualTo("autoscaling/v2beta2");
    assertThat(autoscaler.at("/spec/scaleTargetRef/name").asText())
        .isEqualTo("unicore-builder-worker");
    assertThat(autoscaler.at("/spec/minReplicas").asInt()).isEqualTo(2);
    assertThat(autoscaler.at("/spec/maxReplicas").asInt()).isEqualTo(8);
    JsonNode metric = autoscaler.at("/spec/metrics/0");
    assertThat(metric.path("type").asText()).isEqualTo("External");
    assertThat(metric.at("/external/metric/name").asText()).isEqualTo("unicore_build_queue_depth");
    assertThat(metric.at("/external/target/type").asText()).isEqualTo("AverageValue");
    assertThat(metric.at("/external/target/averageValue").asText()).isEqualTo("3");
    assertThat(objects.get("Deployment", "unicore-builder-worker").at("/spec").has("replicas"))
        .as("the HPA owns the workers' replicas")
        .isFalse();
  }

  @Test
  void theCrdInTheChartIsTheOneTheBuildGenerates() throws IOException {
    Path generated =
        home.resolve(
            "agents/kubernetes/target/classes/META-INF/fabric8/unikerneldeployments.unicore.dev-v1.yml");
    Path inChart = chart.resolve("crds/unikerneldeployments.unicore.dev-v1.yml");
    assertThat(generated).as("built by crd-generator-maven-plugin").exists();
    assertThat(inChart).exists();

    assertThat(YAML.readTree(inChart.toFile()))
        .as("helm/unicore/crds/ is out of date: copy %s there", generated)
        .isEqualTo(YAML.readTree(generated.toFile()));
  }

  // ---- a real API server ---------------------------------------------------------------------

  @Test
  void everyRenderedObjectPassesServerSideDryRunOnKubernetes120() throws Exception {
    KubernetesClient client = cluster.client();
    assertThat(client.getKubernetesVersion().getMinor()).isEqualTo("20");
    installCrds(client);
    String namespace = cluster.newNamespace("helm");

    List<JsonNode> documents =
        renderer.render(RELEASE, namespace, ingressAndAutoscaling()).documents();
    assertThat(documents).hasSizeGreaterThan(15);
    List<String> accepted = new ArrayList<>();
    for (JsonNode document : documents) {
      HasMetadata object = toResource(document);
      try {
        client.resource(object).inNamespace(namespace).dryRun().create();
        accepted.add(describe(document));
      } catch (KubernetesClientException e) {
        throw new AssertionError(
            "the API server refused " + describe(document) + ": " + e.getMessage(), e);
      }
    }
    assertThat(accepted)
        .contains(
            "HorizontalPodAutoscaler unicore-builder-worker",
            "Ingress unicore-control-plane",
            "RuntimeClass urunc-chart",
            "Role unicore-operator",
            "StatefulSet unicore-postgresql");
    assertThat(client.apps().deployments().inNamespace(namespace).list().getItems())
        .as("a dry run stores nothing")
        .isEmpty();

    // The CRD from crds/ is served: a UnikernelDeployment passes, one without its image does not.
    client
        .resource(toResource(YAML.readTree(UNIKERNEL_DEPLOYMENT)))
        .inNamespace(namespace)
        .dryRun()
        .create();
    ObjectNode noImage = (ObjectNode) YAML.readTree(UNIKERNEL_DEPLOYMENT);
    ((ObjectNode) noImage.path("spec")).remove("image");
    assertThatThrownBy(
            () -> client.resource(toResource(noImage)).inNamespace(namespace).dryRun().create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422))
        .hasMessageContaining("spec.image");

    // The check can fail: a Deployment with negative replicas is refused.
    ObjectNode broken =
        (ObjectNode)
            documents.stream()
                .filter(d -> describe(d).equals("Deployment unicore-builder-worker"))
                .findFirst()
                .orElseThrow()
                .deepCopy();
    ((ObjectNode) broken.path("spec")).put("replicas", -1);
    assertThatThrownBy(
            () -> client.resource(toResource(broken)).inNamespace(namespace).dryRun().create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422))
        .hasMessageContaining("spec.replicas");
  }

  @Test
  void helmInstallDryRunAgainstTheClusterUsesItsApiVersions() throws Exception {
    KubernetesClient client = cluster.client();
    installCrds(client);
    String namespace = cluster.newNamespace("helm");

    // Helm discovers the cluster's API versions, maps every kind through its REST mapping and
    // validates every object against its OpenAPI schema (unknown fields included).
    var install =
        new Helm(chart)
            .install()
            .withName(RELEASE)
            .withNamespace(namespace)
            .withKubeConfig(cluster.kubeconfig())
            .withDryRunOption(DryRun.SERVER);
    for (Map.Entry<String, String> value : ingressAndAutoscaling().entrySet()) {
      install = install.set(value.getKey(), value.getValue());
    }
    Release release = install.call();

    assertThat(release.getStatus()).isEqualTo("pending-install");
    assertThat(release.getOutput())
        .contains("kubectl get secret unicore-tokens -n " + namespace)
        .contains("https://unicore.example.org/dashboard");
  }

  @Test
  void generatedSecretsAreKeptAcrossUpgrades() {
    KubernetesClient client = cluster.client();
    String namespace = cluster.newNamespace("helm");
    List<JsonNode> first = secrets(renderer.render(RELEASE, namespace, Map.of()).documents());
    for (JsonNode secret : first) {
      client.resource(toResource(secret)).inNamespace(namespace).create();
    }

    List<JsonNode> upgrade = secrets(renderer.render(RELEASE, namespace, Map.of()).documents());
    List<JsonNode> elsewhere =
        secrets(renderer.render(RELEASE, cluster.newNamespace("helm"), Map.of()).documents());

    assertThat(upgrade).hasSize(3);
    for (int index = 0; index < first.size(); index++) {
      assertThat(upgrade.get(index).path("data"))
          .as("%s after an upgrade", describe(first.get(index)))
          .isEqualTo(first.get(index).path("data"));
      assertThat(elsewhere.get(index).path("data"))
          .as("%s of a new install", describe(first.get(index)))
          .isNotEqualTo(first.get(index).path("data"));
    }
  }

  // ---- helpers -------------------------------------------------------------------------------

  private static ChartRenderer.Result render(Map<String, String> values) {
    return renderer.render(RELEASE, NAMESPACE, values);
  }

  private static Map<String, String> ingressAndAutoscaling() {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("ingress.enabled", "true");
    values.put("ingress.className", "nginx");
    values.put("ingress.host", "unicore.example.org");
    values.put("ingress.tls[0].secretName", "unicore-tls");
    values.put("ingress.tls[0].hosts[0]", "unicore.example.org");
    values.put("builderWorker.autoscaling.enabled", "true");
    values.put("builderWorker.autoscaling.minReplicas", "2");
    values.put("builderWorker.autoscaling.maxReplicas", "8");
    values.put("builderWorker.autoscaling.queuedTasksPerWorker", "3");
    // Its own name: the operator tests sharing this cluster made `urunc` already, and Helm (like
    // the API server) refuses to take over an existing cluster-scoped object.
    values.put("operator.createRuntimeClass", "true");
    values.put("operator.runtimeClass", "urunc-chart");
    return values;
  }

  /** Creates the chart's CRDs (as Helm does before templates) and waits until they are served. */
  private static synchronized void installCrds(KubernetesClient client) throws IOException {
    Path crds = chart.resolve("crds");
    if (!Files.isDirectory(crds)) {
      return; // theCrdInTheChartIsTheOneTheBuildGenerates reports it
    }
    try (Stream<Path> files = Files.list(crds)) {
      for (Path file :
          files
              .filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml"))
              .toList()) {
        CustomResourceDefinition crd;
        try (InputStream input = Files.newInputStream(file)) {
          crd = client.apiextensions().v1().customResourceDefinitions().load(input).item();
        }
        client.resource(crd).serverSideApply();
        client
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .withName(crd.getMetadata().getName())
            .waitUntilCondition(
                c ->
                    c != null
                        && c.getStatus() != null
                        && c.getStatus().getConditions().stream()
                            .anyMatch(
                                condition ->
                                    condition.getType().equals("Established")
                                        && condition.getStatus().equals("True")),
                30,
                TimeUnit.SECONDS);
      }
    }
  }

  private static HasMetadata toResource(JsonNode document) {
    try {
      return YAML.treeToValue(document, GenericKubernetesResource.class);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static List<JsonNode> secrets(List<JsonNode> documents) {
    return documents.stream()
        .filter(d -> d.path("kind").asText().equals("Secret"))
        .sorted((a, b) -> describe(a).compareTo(describe(b)))
        .toList();
  }

  private static void copyChart(Path target) throws IOException {
    try (Stream<Path> files = Files.walk(chart)) {
      for (Path source : files.toList()) {
        Path destination = target.resolve(chart.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(destination);
        } else {
          Files.copy(source, destination, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private static String describe(JsonNode object) {
    return object.path("kind").asText() + " " + object.at("/metadata/name").asText();
  }

  private static JsonNode container(JsonNode workload) {
    JsonNode containers = workload.at("/spec/template/spec/containers");
    assertThat(containers.size()).as("containers of %s", describe(workload)).isEqualTo(1);
    return containers.get(0);
  }

  private static Map<String, JsonNode> env(JsonNode container) {
    Map<String, JsonNode> result = new HashMap<>();
    for (JsonNode variable : container.path("env")) {
      assertThat(result.put(variable.path("name").asText(), variable))
          .as("%s set twice", variable.path("name").asText())
          .isNull();
    }
    return result;
  }

  private static void assertSecretRef(JsonNode variable, String secret, String key) {
    assertThat(variable).as("environment variable").isNotNull();
    assertThat(variable.at("/valueFrom/secretKeyRef/name").asText())
        .as("%s's Secret", variable.path("name").asText())
        .isEqualTo(secret);
    assertThat(variable.at("/valueFrom/secretKeyRef/key").asText())
        .as("%s's key", variable.path("name").asText())
        .isEqualTo(key);
  }

  private static String decode(JsonNode secret, String key) {
    JsonNode value = secret.at("/data/" + key);
    assertThat(value.isTextual()).as("%s has %s", describe(secret), key).isTrue();
    return new String(
        Base64.getDecoder().decode(value.asText()), java.nio.charset.StandardCharsets.UTF_8);
  }

  private static List<String> texts(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }

  /** The rendered objects, by kind and name. */
  private static final class Objects {
    private final List<JsonNode> all;

    Objects(List<JsonNode> all) {
      this.all = all;
    }

    List<String> names(String kind) {
      return all.stream()
          .filter(o -> o.path("kind").asText().equals(kind))
          .map(o -> o.at("/metadata/name").asText())
          .collect(Collectors.toList());
    }

    JsonNode get(String kind, String name) {
      return all.stream()
          .filter(o -> o.path("kind").asText().equals(kind))
          .filter(o -> o.at("/metadata/name").asText().equals(name))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " rendered"));
    }
  }
}
