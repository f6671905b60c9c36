package dev.unicore.builderworker.image;

import dev.unicore.resolver.recipe.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Pushes a target's image, its SBOM and the build's image index. Names in the registry:
 *
 * <ul>
 *   <li>repository {@code <prefix>/<recipe>};
 *   <li>one tag per target image, {@code build-<buildId>.<platform>.<architecture>};
 *   <li>the SBOM by digest only, found through the referrers API (its {@code subject});
 *   <li>the index {@code build-<buildId>}, across the target tags of the build found in the
 *       registry.
 * </ul>
 *
 * <p>The index needs no coordination between workers: after pushing its image, a worker lists the
 * build's target tags, pushes an index of them, and lists again until the list no longer changes.
 * Whoever pushes last saw every target tag pushed before its last listing, so the final index holds
 * every target that was pushed.
 */
public final class ImagePublisher {
  private static final int INDEX_ROUNDS = 5;

  private final RegistryClient registry;
  private final ImagePackager packager;
  private final String repositoryPrefix;

  public ImagePublisher(RegistryClient registry, ImagePackager packager, String repositoryPrefix) {
    this.registry = registry;
    this.packager = packager;
    this.repositoryPrefix = repositoryPrefix.replaceAll("/+$", "");
  }

  /** Where a recipe's images go. */
  public String repository(String recipe) {
    return repositoryPrefix + "/" + recipe;
  }

  public static String targetTag(long buildId, Target target) {
    return indexTag(buildId) + "." + target.platform() + "." + target.architecture();
  }

  public static String indexTag(long buildId) {
    return "build-" + buildId;
  }

  /** What a push did. */
  public record Pushed(String manifestDigest, String sbomDigest, int blobsUploaded) {}

  /** Pushes the image under its target tag and attaches the SBOM. */
  public Pushed push(
      String repository,
      long buildId,
      Target target,
      ImagePackager.Image image,
      ImagePackager.Sbom sbom)
      throws RegistryException {
    int uploaded = 0;
    for (Blob blob : List.of(image.layer(), image.config(), sbom.document(), sbom.config())) {
      uploaded += registry.pushBlob(repository, blob) ? 1 : 0;
    }
    String digest = registry.pushManifest(repository, targetTag(buildId, target), image.manifest());
    String sbomDigest =
        registry.pushManifest(repository, sbom.manifest().digest(), sbom.manifest());
    return new Pushed(digest, sbomDigest, uploaded);
  }

  /**
   * Pushes the build's index over every target tag of the build now in the registry.
   *
   * @return the index's digest and the targets it lists
   */
  public IndexPushed updateIndex(String repository, String recipe, long buildId)
      throws RegistryException {
    TreeSet<String> listed = targetTags(repository, buildId);
    for (int round = 0; round < INDEX_ROUNDS; round++) {
      List<ImagePackager.IndexEntry> entries = new ArrayList<>();
      for (String tag : listed) {
        Optional<RegistryClient.ManifestInfo> manifest = registry.manifest(repository, tag);
        if (manifest.isEmpty()) {
          continue;
        }
        String[] parts = tag.substring(indexTag(buildId).length() + 1).split("\\.");
        entries.add(
            new ImagePackager.IndexEntry(
                parts[0], parts[1], manifest.get().digest(), manifest.get().size()));
      }
      Blob index = packager.index(recipe, buildId, entries);
      registry.pushManifest(repository, indexTag(buildId), index);
      TreeSet<String> again = targetTags(repository, buildId);
      if (again.equals(listed)) {
        return new IndexPushed(index.digest(), List.copyOf(listed));
      }
      listed = again;
    }
    throw new RegistryException(
        "the target tags of build " + buildId + " kept changing while the index was pushed", 0);
  }

  /** The pushed index. */
  public record IndexPushed(String digest, List<String> targetTags) {}

  private TreeSet<String> targetTags(String repository, long buildId) throws RegistryException {
    String prefix = indexTag(buildId) + ".";
    TreeSet<String> tags = new TreeSet<>();
    for (String tag : registry.tags(repository)) {
      if (tag.startsWith(prefix) && tag.substring(prefix.length()).split("\\.").length == 2) {
        tags.add(tag);
      }
    }
    return tags;
  }
}
