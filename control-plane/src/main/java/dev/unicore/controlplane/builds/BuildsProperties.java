package dev.unicore.controlplane.builds;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param leaseDuration how long a lease lasts without a heartbeat
 * @param maxAttempts leases a task may have before an expired one fails it
 * @param reapInterval how often expired leases are looked for
 */
@ConfigurationProperties("unicore.builds")
public record BuildsProperties(
    @DefaultValue("30s") Duration leaseDuration,
    @DefaultValue("3") int maxAttempts,
    @DefaultValue("1s") Duration reapInterval) {}
