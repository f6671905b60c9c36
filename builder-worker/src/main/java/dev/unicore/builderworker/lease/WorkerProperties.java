package dev.unicore.builderworker.lease;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The worker's settings.
 *
 * @param controlPlaneUrl the control plane's root URL
 * @param token an API token with the worker role
 * @param name the name the worker registers under
 * @param capacity how many tasks it builds at once (1-64)
 * @param unikernelRoot the {@code unikernel/} tree it builds from (the lease names an application
 *     of its {@code apps/})
 * @param workDirectory task folders, the staged build engine and the build cache go here
 * @param jobs compiler processes per build; 0 for the number of processors
 * @param leaseWait how long one lease request waits for a task (the long poll, at most 30 s)
 * @param drainTimeout on shutdown, how long running tasks may take to finish before they are handed
 *     back (their leases then expire and the control plane queues them again)
 * @param smokeBoot whether built images are booted before they are pushed
 * @param smokeTimeout how long a smoke boot may take
 * @param cache whether identical inputs reuse an earlier build
 * @param platforms platforms to advertise; empty: every platform this machine can build
 */
@Validated
@ConfigurationProperties("unicore.worker")
public record WorkerProperties(
    @NotNull URI controlPlaneUrl,
    @NotBlank String token,
    @DefaultValue("builder-worker") @NotBlank String name,
    @DefaultValue("2") @Min(1) @Max(64) int capacity,
    @DefaultValue("unikernel") @NotNull Path unikernelRoot,
    @NotNull Path workDirectory,
    @DefaultValue("0") @Min(0) int jobs,
    @DefaultValue("10s") @NotNull Duration leaseWait,
    @DefaultValue("60s") @NotNull Duration drainTimeout,
    @DefaultValue("true") boolean smokeBoot,
    @DefaultValue("10s") @NotNull Duration smokeTimeout,
    @DefaultValue("true") boolean cache,
    @DefaultValue({}) List<String> platforms) {

  public int effectiveJobs() {
    return jobs > 0 ? jobs : Runtime.getRuntime().availableProcessors();
  }

  @Override
  public String toString() {
    return "WorkerProperties[controlPlaneUrl="
        + controlPlaneUrl
        + ", name="
        + name
        + ", capacity="
        + capacity
        + ", token=***]";
  }
}
