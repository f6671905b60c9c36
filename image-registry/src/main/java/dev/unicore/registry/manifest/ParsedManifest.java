package dev.unicore.registry.manifest;

import java.util.List;
import java.util.Map;

/**
 * What the registry needs from a manifest.
 *
 * @param mediaType the manifest's media type
 * @param artifactType the artifact type: the manifest's {@code artifactType}, else for an image
 *     manifest its config's media type; null when neither exists
 * @param blobs the blobs it references (config, layers, or schema 1 layers)
 * @param manifests the manifests it references (an index's entries)
 * @param subject the manifest it refers to, or null
 * @param annotations its annotations
 */
public record ParsedManifest(
    String mediaType,
    String artifactType,
    List<Descriptor> blobs,
    List<Descriptor> manifests,
    Descriptor subject,
    Map<String, String> annotations) {

  /** Whether the manifest is an index (its references are manifests). */
  public boolean isIndex() {
    return ManifestParser.INDEX_TYPES.contains(mediaType);
  }
}
