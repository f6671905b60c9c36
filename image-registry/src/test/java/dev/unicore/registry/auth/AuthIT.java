package dev.unicore.registry.auth;

import static dev.unicore.registry.RegistryClient.sha256;
import static dev.unicore.registry.RegistryClient.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.unicore.registry.RegistryClient;
import dev.unicore.registry.Tools;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The Docker/OCI token flow against a registry with authentication on: challenges, the token
 * endpoint, scopes per repository and action, anonymous pull where allowed, and skopeo logging in
 * with plain credentials to push, list, pull and delete.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "server.address=127.0.0.1",
      "unicore.registry.auth.enabled=true",
      "unicore.registry.auth.anonymous-pull[0]=public/*",
      "logging.level.dev.unicore.registry.ops=WARN"
    })
class AuthIT {
  private static final Path STORAGE = tempDir();
  private static final byte[] CONTENT = "protected layer".getBytes(StandardCharsets.UTF_8);

  @LocalServerPort int port;
  @TempDir Path work;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    BCryptPasswordEncoder encoder = new BCryptPasswordEncoder(4);
    registry.add("unicore.registry.storage.root", STORAGE::toString);
    // A list binds from one property source only, so every account property is set here.
    registry.add("unicore.registry.auth.accounts[0].name", () -> "alice");
    registry.add("unicore.registry.auth.accounts[0].catalog", () -> "true");
    registry.add("unicore.registry.auth.accounts[0].access[0].repository", () -> "team/*");
    registry.add("unicore.registry.auth.accounts[0].access[0].actions", () -> "*");
    registry.add("unicore.registry.auth.accounts[0].access[1].repository", () -> "public/*");
    registry.add("unicore.registry.auth.accounts[0].access[1].actions", () -> "pull,push");
    registry.add("unicore.registry.auth.accounts[1].name", () -> "robot$ci");
    registry.add("unicore.registry.auth.accounts[1].robot", () -> "true");
    registry.add("unicore.registry.auth.accounts[1].access[0].repository", () -> "team/*");
    registry.add("unicore.registry.auth.accounts[1].access[0].actions", () -> "pull");
    registry.add("unicore.registry.auth.accounts[0].secret-hash", () -> encoder.encode("alice-pw"));
    registry.add("unicore.registry.auth.accounts[1].secret-hash", () -> encoder.encode("robot-pw"));
  }

  @Test
  void theVersionCheckChallengesWithTheTokenRealm() {
    HttpResponse<byte[]> response = new RegistryClient(port).get("/v2/");
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValue(
            "Bearer realm=\"http://127.0.0.1:" + port + "/token\",service=\"unicore-registry\"");
    assertThat(text(response)).contains("\"code\":\"UNAUTHORIZED\"");
    assertThat(
            new RegistryClient(port)
                .withHeader("Authorization", "Bearer " + token(null, ""))
                .get("/v2/")
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void aPushNeedsATokenWithPushOnThatRepository() {
    HttpResponse<byte[]> anonymous =
        new RegistryClient(port).send("POST", "/v2/team/app/blobs/uploads/", null);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("scope=\"repository:team/app:pull,push\"");

    String token = token("alice:alice-pw", "repository:team/app:pull,push");
    RegistryClient alice = new RegistryClient(port).withHeader("Authorization", "Bearer " + token);
    String digest = alice.pushBlob("team/app", CONTENT);
    assertThat(alice.get("/v2/team/app/blobs/" + digest).body()).isEqualTo(CONTENT);
  }

  @Test
  void aTokenForAnotherRepositoryOrScopeIsRefusedAndStoresNothing() throws IOException {
    List<String> before = files();
    RegistryClient otherRepository =
        new RegistryClient(port)
            .withHeader(
                "Authorization",
                "Bearer " + token("alice:alice-pw", "repository:team/other:pull,push"));
    HttpResponse<byte[]> push =
        otherRepository.send(
            "POST", "/v2/team/app/blobs/uploads/?digest=" + sha256(CONTENT), CONTENT);
    assertThat(push.statusCode()).isEqualTo(401);
    assertThat(text(push)).contains("\"code\":\"UNAUTHORIZED\"");
    assertThat(push.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("error=\"insufficient_scope\"");

    RegistryClient pullOnly =
        new RegistryClient(port)
            .withHeader(
                "Authorization",
                "Bearer " + token("robot$ci:robot-pw", "repository:team/app:pull,push"));
    assertThat(
            pullOnly
                .send("POST", "/v2/team/app/blobs/uploads/?digest=" + sha256(CONTENT), CONTENT)
                .statusCode())
        .isEqualTo(401);
    assertThat(pullOnly.send("DELETE", "/v2/team/app/manifests/latest", null).statusCode())
        .isEqualTo(401);

    String tampered = token("alice:alice-pw", "repository:team/app:pull,push") + "x";
    HttpResponse<byte[]> forged =
        new RegistryClient(port)
            .withHeader("Authorization", "Bearer " + tampered)
            .send("POST", "/v2/team/app/blobs/uploads/", null);
    assertThat(forged.statusCode()).isEqualTo(401);
    assertThat(forged.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("error=\"invalid_token\"");
    assertThat(files()).isEqualTo(before);
  }

  @Test
  void theTokenEndpointRefusesWrongCredentialsAsAProblem() {
    HttpResponse<byte[]> response =
        new RegistryClient(port)
            .get(
                "/token?service=unicore-registry&scope=repository:team/app:pull",
                "Authorization",
                basic("alice:wrong"));
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(text(response))
        .contains("\"type\":\"https://unicore.dev/problems/registry/invalid-credentials\"");

    HttpResponse<byte[]> badScope = new RegistryClient(port).get("/token?scope=nonsense");
    assertThat(badScope.statusCode()).isEqualTo(400);
    assertThat(text(badScope)).contains("invalid-scope");
  }

  @Test
  void theOauthPasswordGrantIssuesTokensToo() {
    byte[] form =
        ("grant_type=password&username=alice&password=alice-pw&service=unicore-registry"
                + "&scope="
                + URLEncoder.encode("repository:team/app:pull", StandardCharsets.UTF_8))
            .getBytes(StandardCharsets.UTF_8);
    HttpResponse<byte[]> response =
        new RegistryClient(port)
            .send("POST", "/token", form, "Content-Type", "application/x-www-form-urlencoded");
    assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
    String token = text(response).replaceAll("(?s).*\"access_token\":\"([^\"]+)\".*", "$1");
    assertThat(
            new RegistryClient(port)
                .withHeader("Authorization", "Bearer " + token)
                .get("/v2/team/app/tags/list")
                .statusCode())
        .isIn(200, 404);

    byte[] wrong =
        "grant_type=password&username=alice&password=nope".getBytes(StandardCharsets.UTF_8);
    assertThat(
            new RegistryClient(port)
                .send("POST", "/token", wrong, "Content-Type", "application/x-www-form-urlencoded")
                .statusCode())
        .isEqualTo(401);
  }

  @Test
  void anonymousPullIsAllowedOnlyWhereConfigured() {
    RegistryClient alice =
        new RegistryClient(port)
            .withHeader(
                "Authorization",
                "Bearer " + token("alice:alice-pw", "repository:public/os:pull,push"));
    String digest = alice.pushBlob("public/os", "public layer".getBytes(StandardCharsets.UTF_8));

    RegistryClient anonymous = new RegistryClient(port);
    assertThat(anonymous.get("/v2/public/os/blobs/" + digest).statusCode()).isEqualTo(200);
    assertThat(anonymous.send("DELETE", "/v2/public/os/blobs/" + digest, null).statusCode())
        .isEqualTo(401);
    assertThat(anonymous.get("/v2/team/app/tags/list").statusCode()).isEqualTo(401);
    assertThat(anonymous.get("/v2/_catalog").statusCode()).isEqualTo(401);
    RegistryClient catalog =
        new RegistryClient(port)
            .withHeader("Authorization", "Bearer " + token("alice:alice-pw", "registry:catalog:*"));
    assertThat(text(catalog.get("/v2/_catalog"))).contains("public/os");
  }

  @Test
  void skopeoLogsInWithCredentialsAndPushesListsPullsAndDeletes() throws IOException {
    Path layout = work.resolve("in");
    String indexDigest =
        dev.unicore.registry.clients.OciLayoutsAccess.multiArchitecture(layout, work);
    String ref = "docker://127.0.0.1:" + port + "/team/kernel";

    assertThat(
            Tools.run(
                    work,
                    "skopeo",
                    "copy",
                    "--all",
                    "--dest-tls-verify=false",
                    "oci:" + layout + ":v1",
                    ref + ":v1")
                .status())
        .as("a push without credentials")
        .isNotZero();
    Tools.ok(
        work,
        "skopeo",
        "copy",
        "--all",
        "--preserve-digests",
        "--dest-tls-verify=false",
        "--dest-creds",
        "alice:alice-pw",
        "oci:" + layout + ":v1",
        ref + ":v1");
    assertThat(
            Tools.ok(
                work,
                "skopeo",
                "list-tags",
                "--tls-verify=false",
                "--creds",
                "robot$ci:robot-pw",
                ref))
        .contains("\"v1\"");
    Path out = work.resolve("out");
    Tools.ok(
        work,
        "skopeo",
        "copy",
        "--all",
        "--preserve-digests",
        "--src-tls-verify=false",
        "--src-creds",
        "robot$ci:robot-pw",
        ref + ":v1",
        "oci:" + out + ":v1");
    assertThat(Files.readString(out.resolve("index.json"))).contains(indexDigest);
    assertThat(
            Tools.run(
                    work,
                    "skopeo",
                    "delete",
                    "--tls-verify=false",
                    "--creds",
                    "robot$ci:robot-pw",
                    ref + ":v1")
                .status())
        .as("the robot may not delete")
        .isNotZero();
    Tools.ok(
        work, "skopeo", "delete", "--tls-verify=false", "--creds", "alice:alice-pw", ref + ":v1");
  }

  private String token(String credentials, String scope) {
    RegistryClient client = new RegistryClient(port);
    String query =
        "/token?service=unicore-registry&scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8);
    HttpResponse<byte[]> response =
        credentials == null
            ? client.get(query)
            : client.get(query, "Authorization", basic(credentials));
    assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
    return text(response).replaceAll("(?s).*\"token\":\"([^\"]+)\".*", "$1");
  }

  private static String basic(String credentials) {
    return "Basic "
        + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> files() throws IOException {
    try (Stream<Path> files = Files.walk(STORAGE)) {
      return files
          .filter(Files::isRegularFile)
          .map(STORAGE::relativize)
          .map(Path::toString)
          .filter(name -> !name.startsWith("uploads"))
          .sorted()
          .toList();
    }
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("registry-auth-it-");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
