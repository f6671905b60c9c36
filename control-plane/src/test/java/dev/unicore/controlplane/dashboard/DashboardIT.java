package dev.unicore.controlplane.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unicore.controlplane.ApiClient;
import dev.unicore.controlplane.ApiClient.Response;
import dev.unicore.controlplane.RegistryProcess;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The dashboard in a real browser: Debian's Chromium, headless, driven by Selenium, against the
 * control plane with real data made through the API (a build with a succeeded and a running task
 * through the workers' protocol; a deployment whose instance runs, through the real registry and
 * the agents' protocol). It checks the sign-in (a refused token, then the admin token), that the
 * build, its targets' states and the running task's live log show, that changes made through the
 * API afterwards appear without a reload, that the running instance and its console show (as text,
 * never as markup), and the agents and workers. Screenshots go to target/dashboard-screenshots/.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"unicore.builds.lease-duration=10m", "unicore.deployments.agent-lease=10m"})
class DashboardIT {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path SCREENSHOTS = Path.of("target", "dashboard-screenshots");
  private static final String CONSOLE = "<b>hello</b> from the unikernel";

  private static RegistryProcess registry;

  @LocalServerPort int port;
  private ApiClient api;
  private WebDriver browser;
  private WebDriverWait wait;

  @DynamicPropertySource
  static void registry(DynamicPropertyRegistry properties) throws Exception {
    Path storage = Files.createTempDirectory("dashboard-it-registry").resolve("storage");
    registry = RegistryProcess.start(storage);
    registry.push("apps/hello", "v1", "kernel one");
    properties.add("unicore.deployments.registry-url", registry::url);
  }

  @BeforeAll
  static void browserIsInstalled() {
    for (Path program : List.of(CHROMIUM, CHROMEDRIVER)) {
      assertThat(Files.isExecutable(program))
          .as(
              "the dashboard test needs Debian's Chromium and its driver, but %s is missing:"
                  + " apt-get install chromium chromium-driver (./unicore test installs them)",
              program)
          .isTrue();
    }
  }

  @AfterAll
  static void stopRegistry() {
    if (registry != null) {
      registry.close();
    }
  }

  @BeforeEach
  void startBrowser() throws IOException {
    api = new ApiClient(port);
    Files.createDirectories(SCREENSHOTS);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,800");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
            .build();
    browser = new ChromeDriver(service, options);
    wait = new WebDriverWait(browser, Duration.ofSeconds(20));
  }

  @AfterEach
  void stopBrowser() {
    if (browser != null) {
      try {
        screenshot("last-state");
      } finally {
        browser.quit();
      }
    }
  }

  @Test
  void showsBuildsDeploymentsAndFleetAndFollowsChangesLive() {
    String suffix = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    Build build = buildWithASucceededAndARunningTask("dash-" + suffix);
    appendLog(
        build.running(), build.worker(), "configuring linuxu/x86_64", "compiling lib/console");
    Deployment deployment = runningDeployment("web-" + suffix, "pool-" + suffix);
    String cluster = "cluster-" + suffix;
    String managed = clusterDeployment("k8s-" + suffix, cluster, "kubernetes-" + suffix);

    browser.get("http://127.0.0.1:" + port + "/dashboard");
    assertThat(browser.getCurrentUrl()).endsWith("/dashboard/index.html");
    WebElement token = waitFor(By.id("token"));

    token.sendKeys("not-a-token");
    browser.findElement(By.id("sign-in")).click();
    WebElement refused = waitUntil("the refused token's message", visible(By.id("login-error")));
    assertThat(textOf(refused)).contains("did not accept this token");
    assertThat(browser.findElement(By.id("app")).isDisplayed()).isFalse();
    screenshot("01-sign-in-refused");

    token.clear();
    token.sendKeys(ApiClient.ADMIN_TOKEN);
    browser.findElement(By.id("sign-in")).click();
    waitUntil("the dashboard after signing in", visible(By.id("app")));
    assertThat(session("unicore.dashboard.token")).isEqualTo(ApiClient.ADMIN_TOKEN);

    // The builds view: the build, each target's state, the running task's live log.
    String buildRow = "tr[data-build-id='" + build.id() + "']";
    waitUntil("build #" + build.id() + " in the builds list", visible(By.cssSelector(buildRow)));
    waitUntilText(buildRow + " [data-target='qemu/x86_64']", "succeeded");
    waitUntilText(buildRow + " [data-target='linuxu/x86_64']", "running");
    assertThat(text(buildRow)).contains("#" + build.id()).contains(build.recipe());
    assertThat(text("tr[data-task-id='" + build.succeeded() + "']"))
        .contains("qemu/x86_64", "succeeded", "900 ms", "15.0 KiB");
    waitUntilText("#log-output", "compiling lib/console");
    screenshot("02-builds-running");

    // Changes made through the API now appear without a reload.
    ((JavascriptExecutor) browser).executeScript("window.dashboardTestMarker = 'same page';");
    appendLog(build.running(), build.worker(), "linking kernel.elf");
    waitUntilText("#log-output", "linking kernel.elf");
    succeed(build.running(), build.worker(), 1200);
    waitUntilText(buildRow + " [data-target='linuxu/x86_64']", "succeeded");
    waitUntilText("[data-build-detail='" + build.id() + "'] .panel-header", "succeeded");
    waitUntilText(".log-status", "ended");
    assertThat(((JavascriptExecutor) browser).executeScript("return window.dashboardTestMarker;"))
        .as("the page was not reloaded")
        .isEqualTo("same page");
    screenshot("03-builds-finished");

    // The images view: one image per succeeded target.
    browser.findElement(By.cssSelector("nav a[data-section='images']")).click();
    String imageRow = "tr[data-task-id='" + build.succeeded() + "']";
    waitUntil("the qemu/x86_64 image", visible(By.cssSelector(imageRow)));
    assertThat(text(imageRow)).contains("qemu/x86_64", build.recipe(), "15.0 KiB", "sha256:abab");
    assertThat(text(".note")).contains("SBOM");
    screenshot("04-images");

    // The deployments view: the running instance and its console, shown as text.
    browser.findElement(By.cssSelector("nav a[data-section='deployments']")).click();
    String instanceRow = "tr[data-instance-id='" + deployment.instance() + "']";
    waitUntil("the instance in the deployments view", visible(By.cssSelector(instanceRow)));
    waitUntilText(instanceRow + " .badge", "running");
    assertThat(text("[data-deployment='" + deployment.name() + "'] .panel-header"))
        .contains(deployment.name(), "available", "1 of 1 replicas running");
    assertThat(text(instanceRow)).contains("dash-agent");
    assertThat(text("[data-deployment='" + deployment.name() + "'] .panel-header"))
        .doesNotContain("managed by");
    String managedHeader = "[data-deployment='" + managed + "'] .panel-header";
    waitUntil("the cluster's deployment", visible(By.cssSelector(managedHeader)));
    assertThat(text(managedHeader)).contains(managed, "managed by " + cluster);
    browser.findElement(By.cssSelector(instanceRow + " .console summary")).click();
    WebElement console =
        waitUntil("the console tail", visible(By.cssSelector(instanceRow + " .console-tail")));
    assertThat(textOf(console)).isEqualTo(CONSOLE);
    assertThat(console.findElements(By.tagName("b")))
        .as("console output is never markup")
        .isEmpty();
    screenshot("05-deployments");

    // An instance's change reported by its agent appears, still without a reload.
    heartbeat(
        deployment.agent(),
        "{\"id\": "
            + deployment.instance()
            + ", \"state\": \"failed\", \"restarts\": 2, \"exitStatus\": 3,"
            + " \"consoleTail\": \"CRASH: out of memory\"}");
    waitUntilText(instanceRow + " .badge", "failed");
    assertThat(text(instanceRow)).contains("CRASH: out of memory");
    assertThat(((JavascriptExecutor) browser).executeScript("return window.dashboardTestMarker;"))
        .isEqualTo("same page");

    // Agents and workers.
    browser.findElement(By.cssSelector("nav a[data-section='fleet']")).click();
    String agentRow = "tr[data-agent-id='" + deployment.agent() + "']";
    waitUntil("the agent", visible(By.cssSelector(agentRow)));
    assertThat(text(agentRow)).contains("dash-agent", "online", "local");
    assertThat(text("tr[data-worker-id='" + build.worker() + "']")).contains("dash-worker");
    screenshot("06-agents-and-workers");

    browser.findElement(By.id("sign-out")).click();
    waitUntil("the sign-in page after signing out", visible(By.id("token")));
    assertThat(session("unicore.dashboard.token")).isNull();
  }

  @Test
  void theDashboardPageIsPublicButItsDataIsNot() {
    ApiClient anonymous = new ApiClient(port, null);
    Response redirect = anonymous.get("/dashboard");
    Response page = anonymous.get("/dashboard/index.html");
    Response script = anonymous.get("/dashboard/app.js");

    assertThat(redirect.status()).isEqualTo(302);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.text()).contains("Unicore dashboard");
    assertThat(script.status()).isEqualTo(200);
    assertThat(anonymous.get("/api/v1/builds").status()).isEqualTo(401);
  }

  private record Build(long id, String recipe, long worker, long succeeded, long running) {}

  private record Deployment(String name, long agent, long instance) {}

  /** A two-target build: qemu/x86_64 succeeded, linuxu/x86_64 running on a worker. */
  private Build buildWithASucceededAndARunningTask(String recipe) {
    assertThat(api.post("/api/v1/catalog/imports", "").status()).isEqualTo(200);
    Response created =
        api.post(
            "/api/v1/recipes",
            """
            {"name": "%s", "application": "hello", "requires": ["console", "process"],
             "targets": ["qemu/x86_64", "linuxu/x86_64"]}
            """
                .formatted(recipe));
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    long worker =
        created(
            api.post(
                "/api/v1/workers",
                "{\"name\": \"dash-worker\", \"platforms\": [\"qemu\", \"linuxu\"],"
                    + " \"architectures\": [\"x86_64\"], \"capacity\": 64}"));
    // Other tests' queued tasks go first, so that this test leases its own.
    Response lease;
    while ((lease = api.post("/api/v1/workers/" + worker + "/leases", "")).status() == 200) {
      succeed(lease.body().at("/task/id").asLong(), worker, 900);
    }
    long build =
        created(api.post("/api/v1/builds", "{\"recipe\": \"" + recipe + "\", \"noCache\": true}"));
    Map<String, Long> tasks = new HashMap<>();
    for (int leased = 0; leased < 2; leased++) {
      lease = api.post("/api/v1/workers/" + worker + "/leases", "");
      assertThat(lease.status()).as(lease.text()).isEqualTo(200);
      assertThat(lease.body().at("/task/buildId").asLong()).isEqualTo(build);
      tasks.put(lease.body().at("/task/target").asString(), lease.body().at("/task/id").asLong());
    }
    long succeeded = tasks.get("qemu/x86_64");
    long running = tasks.get("linuxu/x86_64");
    succeed(succeeded, worker, 900);
    Response heartbeat =
        api.post("/api/v1/tasks/" + running + "/heartbeat", "{\"workerId\": " + worker + "}");
    assertThat(heartbeat.status()).as(heartbeat.text()).isEqualTo(200);
    return new Build(build, recipe, worker, succeeded, running);
  }

  private void succeed(long task, long worker, long durationMillis) {
    Response result =
        api.post(
            "/api/v1/tasks/" + task + "/result",
            "{\"workerId\": "
                + worker
                + ", \"outcome\": \"succeeded\", \"imageDigest\": \"sha256:"
                + "ab".repeat(32)
                + "\", \"kernelSizeBytes\": 15360, \"durationMillis\": "
                + durationMillis
                + "}");
    assertThat(result.status()).as(result.text()).isIn(200, 204);
  }

  private void appendLog(long task, long worker, String... lines) {
    StringBuilder json = new StringBuilder("[");
    for (String line : lines) {
      json.append(json.length() > 1 ? ", " : "").append('"').append(line).append('"');
    }
    Response appended =
        api.post(
            "/api/v1/tasks/" + task + "/logs",
            "{\"workerId\": " + worker + ", \"lines\": " + json + "]}");
    assertThat(appended.status()).as(appended.text()).isEqualTo(204);
  }

  /** A one-replica deployment whose instance its agent reports running, console and all. */
  private Deployment runningDeployment(String name, String pool) {
    long agent =
        created(
            api.post(
                "/api/v1/agents",
                "{\"name\": \"dash-agent\", \"kind\": \"local\", \"pool\": \""
                    + pool
                    + "\", \"platforms\": [\"linuxu\"], \"capacity\": 4}"));
    Response deployed =
        api.post(
            "/api/v1/deployments",
            "{\"name\": \""
                + name
                + "\", \"image\": \"apps/hello:v1\", \"platform\": \"linuxu\", \"pool\": \""
                + pool
                + "\", \"replicas\": 1}");
    assertThat(deployed.status()).as(deployed.text()).isEqualTo(201);
    JsonNode assignments = heartbeat(agent);
    assertThat(assignments.get("instances")).hasSize(1);
    long instance = assignments.get("instances").get(0).get("id").asLong();
    heartbeat(
        agent,
        "{\"id\": "
            + instance
            + ", \"state\": \"running\", \"restarts\": 0, \"consoleTail\": \""
            + CONSOLE
            + "\"}");
    return new Deployment(name, agent, instance);
  }

  /** A deployment a Kubernetes cluster defines, reported by the cluster's agent. */
  private String clusterDeployment(String name, String cluster, String pool) {
    long agent =
        created(
            api.post(
                "/api/v1/agents",
                "{\"name\": \""
                    + cluster
                    + "\", \"kind\": \"kubernetes\", \"pool\": \""
                    + pool
                    + "\", \"platforms\": [\"qemu\"], \"capacity\": 10}"));
    Response answer =
        api.post(
            "/api/v1/agents/" + agent + "/heartbeat",
            "{\"instances\": [], \"deployments\": [{\"name\": \""
                + name
                + "\", \"image\": \"apps/hello:v1\", \"platform\": \"qemu\"}]}");
    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    assertThat(answer.body().get("deploymentProblems")).isEmpty();
    return name;
  }

  private JsonNode heartbeat(long agent, String... reports) {
    Response answer =
        api.post(
            "/api/v1/agents/" + agent + "/heartbeat",
            "{\"instances\": [" + String.join(", ", reports) + "]}");
    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    return answer.body();
  }

  private static long created(Response response) {
    assertThat(response.status()).as(response.text()).isEqualTo(201);
    return response.body().get("id").asLong();
  }

  private WebElement waitFor(By locator) {
    return waitUntil(locator.toString(), visible(locator));
  }

  private <T> T waitUntil(String what, ExpectedCondition<T> condition) {
    return wait.withMessage("the dashboard did not show " + what).until(condition);
  }

  private void waitUntilText(String selector, String expected) {
    wait.withMessage(
            () ->
                "the dashboard did not show \""
                    + expected
                    + "\" in "
                    + selector
                    + "; it shows: "
                    + currentText(selector))
        .until(driver -> currentText(selector).contains(expected));
  }

  private String currentText(String selector) {
    List<WebElement> found = browser.findElements(By.cssSelector(selector));
    try {
      return found.isEmpty() ? "(nothing)" : textOf(found.get(0));
    } catch (org.openqa.selenium.StaleElementReferenceException rendered) {
      return "(re-rendering)";
    }
  }

  private String text(String selector) {
    return textOf(browser.findElement(By.cssSelector(selector)));
  }

  /**
   * The element's text as the page holds it. Not Selenium's getText(), which leaves out text it
   * judges invisible and so depends on the styles of the moment (a pulsing status dot).
   */
  private static String textOf(WebElement element) {
    return element.getDomProperty("textContent");
  }

  private Object session(String key) {
    return ((JavascriptExecutor) browser)
        .executeScript("return window.sessionStorage.getItem(arguments[0]);", key);
  }

  private static ExpectedCondition<WebElement> visible(By locator) {
    return driver -> {
      List<WebElement> found = driver.findElements(locator);
      try {
        return !found.isEmpty() && found.get(0).isDisplayed() ? found.get(0) : null;
      } catch (org.openqa.selenium.StaleElementReferenceException rendered) {
        return null;
      }
    };
  }

  private void screenshot(String name) {
    try {
      Path file = SCREENSHOTS.resolve(name + ".png");
      Files.write(file, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("could not save the screenshot " + name, e);
    }
  }
}
