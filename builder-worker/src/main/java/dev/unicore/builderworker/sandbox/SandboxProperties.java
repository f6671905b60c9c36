package dev.unicore.builderworker.sandbox;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits of one sandboxed build (see {@link Sandbox} for what is enforced and how).
 *
 * @param enabled false builds without namespaces, user switch or limits: only for machines where
 *     the sandbox cannot work, never for untrusted recipes
 * @param timeLimit wall time a build (compile and smoke boot) may take; the worker kills it then
 * @param cpuSeconds CPU seconds each process of the build may use
 * @param addressSpace virtual memory each process of the build may map
 * @param processes processes the build may run at once
 * @param fileSize the largest file the build may write
 * @param firstUid the first of the user ids builds run as when the worker runs as root (one per
 *     task slot, so concurrent builds cannot touch each other's files)
 */
@Validated
@ConfigurationProperties("unicore.worker.sandbox")
public record SandboxProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("10m") @NotNull Duration timeLimit,
    @DefaultValue("600") @Min(1) long cpuSeconds,
    @DefaultValue("4GB") @NotNull DataSize addressSpace,
    @DefaultValue("512") @Min(16) int processes,
    @DefaultValue("1GB") @NotNull DataSize fileSize,
    @DefaultValue("610000") @Min(1000) int firstUid) {}
