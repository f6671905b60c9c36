package dev.unicore.agent.local.lifecycle;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The local agent's configuration ({@code unicore.agent.*}).
 *
 * @param name how the agent appears in the control plane; the host name when empty
 * @param pool the agent pool it serves
 * @param capacity instances it runs at once
 * @param platforms what it runs; {@code qemu} is dropped when QEMU is not installed
 * @param controlPlaneUrl the control plane's root
 * @param token an API token with the agent role
 * @param heartbeatInterval time between heartbeats; keep it well within the lease (15 s by default)
 * @param dataDirectory the image cache ({@code images/}) and instance folders ({@code instances/})
 * @param registry the registry the images are pulled from, and the pull account
 * @param qemu how QEMU runs
 * @param restart the restart back-off
 * @param console console tail and log bounds
 * @param stopGrace time between SIGTERM and SIGKILL when an instance stops
 */
@ConfigurationProperties("unicore.agent")
@Validated
public record AgentProperties(
    @DefaultValue("") String name,
    @DefaultValue("local") String pool,
    @DefaultValue("64") @Min(1) int capacity,
    @DefaultValue({"qemu", "linuxu"}) List<String> platforms,
    @DefaultValue("http://127.0.0.1:8080") URI controlPlaneUrl,
    @NotBlank String token,
    @DefaultValue("2s") Duration heartbeatInterval,
    @DefaultValue("/var/lib/unicore-agent") Path dataDirectory,
    @DefaultValue Registry registry,
    @DefaultValue Qemu qemu,
    @DefaultValue Restart restart,
    @DefaultValue Console console,
    @DefaultValue("3s") Duration stopGrace) {

  /**
   * @param url the registry's root
   * @param username the pull account (a robot); empty to pull anonymously
   * @param password its secret
   * @param maxBlobBytes the largest blob the agent downloads
   */
  public record Registry(
      @DefaultValue("http://127.0.0.1:5000") URI url,
      @DefaultValue("") String username,
      @DefaultValue("") String password,
      @DefaultValue("536870912") long maxBlobBytes) {}

  /**
   * @param machine {@code pc}, {@code q35} or {@code microvm}
   * @param accelerator {@code auto} (KVM when {@code /dev/kvm} exists and works), {@code kvm} or
   *     {@code tcg}
   */
  public record Qemu(
      @DefaultValue("pc") String machine, @DefaultValue("auto") String accelerator) {}

  /**
   * @param backoffBase first restart delay, doubled for each further restart in a row
   * @param backoffMax longest delay
   * @param backoffReset a run this long resets the doubling
   * @param maxRestarts restarts in a row before {@code on-failure} gives up
   */
  public record Restart(
      @DefaultValue("500ms") Duration backoffBase,
      @DefaultValue("30s") Duration backoffMax,
      @DefaultValue("10s") Duration backoffReset,
      @DefaultValue("5") int maxRestarts) {}

  /**
   * @param tailBytes the console tail in reports
   * @param logBytes rotation size of an instance's console log
   */
  public record Console(
      @DefaultValue("4096") int tailBytes, @DefaultValue("1048576") long logBytes) {}
}
