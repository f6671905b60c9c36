package dev.unicore.registry.gc;

import dev.unicore.registry.manifest.Descriptor;
import dev.unicore.registry.manifest.InvalidManifestException;
import dev.unicore.registry.manifest.ManifestParser;
import dev.unicore.registry.manifest.ParsedManifest;
import dev.unicore.registry.storage.Digest;
import dev.unicore.registry.storage.Storage;
import dev.unicore.registry.storage.Storage.BlobEntry;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Mark and sweep over the storage; see the package documentation for its safety rules. */
public final class GarbageCollector {
  private static final Logger log = LoggerFactory.getLogger(GarbageCollector.class);

  private final Storage storage;
  private final GcProperties properties;
  private final Clock clock;

  public GarbageCollector(Storage storage, GcProperties properties, Clock clock) {
    this.storage = storage;
    this.properties = properties;
    this.clock = clock;
  }

  /** Collects garbage, or with {@code dryRun} only reports what would be collected. */
  public GcReport collect(boolean dryRun) throws IOException {
    GcReport report = storage.exclusive(() -> markAndSweep(dryRun));
    log.info(
        "Garbage collection{}: {} manifests, {} referenced blobs, removed {} blobs ({} bytes), kept {} in the grace period, purged {} uploads",
        dryRun ? " (dry run)" : "",
        report.manifests(),
        report.referencedBlobs(),
        report.removedBlobs().size(),
        report.bytesFreed(),
        report.keptInGracePeriod(),
        report.uploadsPurged());
    return report;
  }

  private GcReport markAndSweep(boolean dryRun) throws IOException {
    Set<Digest> marked = new HashSet<>();
    int manifests = 0;
    for (String repository : storage.listRepositories()) {
      for (Digest manifest : storage.listManifests(repository)) {
        manifests++;
        marked.add(manifest);
        String mediaType = storage.manifestMediaType(repository, manifest).orElse(null);
        try {
          ParsedManifest parsed = ManifestParser.parse(storage.readBlob(manifest), mediaType);
          parsed.blobs().stream().map(Descriptor::digest).forEach(marked::add);
          parsed.manifests().stream().map(Descriptor::digest).forEach(marked::add);
        } catch (InvalidManifestException | IOException e) {
          // Stored manifests were valid when pushed; keep going and keep what can be kept.
          log.warn("Cannot read manifest {} of {}: {}", manifest, repository, e.getMessage());
        }
      }
    }
    Instant now = clock.instant();
    Instant graceStart = now.minus(properties.gracePeriod());
    List<String> removed = new ArrayList<>();
    long bytes = 0;
    int recent = 0;
    int referenced = 0;
    for (BlobEntry blob : storage.listBlobs()) {
      if (marked.contains(blob.digest())) {
        referenced++;
      } else if (blob.lastTouched().isAfter(graceStart)) {
        recent++;
      } else {
        removed.add(blob.digest().toString());
        bytes += blob.size();
        if (!dryRun) {
          storage.deleteBlob(blob.digest());
        }
      }
    }
    int purged = dryRun ? 0 : storage.purgeUploads(now.minus(properties.uploadExpiry()));
    return new GcReport(dryRun, manifests, referenced, List.copyOf(removed), bytes, recent, purged);
  }
}
