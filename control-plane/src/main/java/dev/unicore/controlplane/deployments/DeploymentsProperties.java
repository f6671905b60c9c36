package dev.unicore.controlplane.deployments;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param agentLease how long an agent's lease lasts without a heartbeat; past it, its instances are
 *     unknown and placed elsewhere
 * @param reapInterval how often silent agents are looked for
 * @param registryUrl the platform's OCI registry, where image tags are resolved to digests
 * @param registryUsername credentials for the registry's token endpoint, when it requires them
 * @param registryPassword see registryUsername
 */
@ConfigurationProperties("unicore.deployments")
public record DeploymentsProperties(
    @DefaultValue("15s") Duration agentLease,
    @DefaultValue("1s") Duration reapInterval,
    @DefaultValue("http://127.0.0.1:5000") String registryUrl,
    String registryUsername,
    String registryPassword) {}
