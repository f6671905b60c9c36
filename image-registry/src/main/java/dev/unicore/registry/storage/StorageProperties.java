package dev.unicore.registry.storage;

import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where the registry stores its content.
 *
 * @param root the folder of the filesystem storage
 */
@Validated
@ConfigurationProperties("unicore.registry.storage")
public record StorageProperties(@NotNull Path root) {}
