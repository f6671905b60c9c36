package dev.unicore.controlplane.catalog;

import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where the catalog comes from.
 *
 * @param unikernelRoot the unikernel tree whose {@code lib/} and {@code plat/} manifests an import
 *     reads
 */
@Validated
@ConfigurationProperties("unicore.catalog")
public record CatalogProperties(@NotNull Path unikernelRoot) {}
