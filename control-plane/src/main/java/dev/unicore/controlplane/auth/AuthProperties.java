package dev.unicore.controlplane.auth;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param bootstrapAdminToken when set, a token with this secret and the admin role exists from
 *     start-up on, so a new installation can create its real tokens; leave unset in production once
 *     those exist
 */
@ConfigurationProperties("unicore.auth")
public record AuthProperties(String bootstrapAdminToken) {}
