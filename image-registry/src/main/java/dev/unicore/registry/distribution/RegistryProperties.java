package dev.unicore.registry.distribution;

import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Limits and switches of the distribution API.
 *
 * @param deleteEnabled whether manifests, tags and blobs may be deleted (405 UNSUPPORTED if not)
 * @param maxManifestBytes the largest manifest accepted (413 MANIFEST_INVALID above)
 * @param maxChunkBytes the largest request body of an upload: one chunk, or a monolithic blob (413
 *     BLOB_UPLOAD_INVALID above)
 */
@Validated
@ConfigurationProperties("unicore.registry")
public record RegistryProperties(
    @DefaultValue("true") boolean deleteEnabled,
    @DefaultValue("4194304") @Positive long maxManifestBytes,
    @DefaultValue("4294967296") @Positive long maxChunkBytes) {}
