package dev.unicore.registry.gc;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Garbage-collection settings.
 *
 * @param gracePeriod how long an unreferenced blob is kept after it was stored or linked
 * @param uploadExpiry how long an upload session may stay unfinished
 */
@Validated
@ConfigurationProperties("unicore.registry.gc")
public record GcProperties(
    @DefaultValue("1h") @NotNull Duration gracePeriod,
    @DefaultValue("24h") @NotNull Duration uploadExpiry) {}
