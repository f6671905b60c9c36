package dev.unicore.registry.gc;

import java.util.List;

/**
 * What a garbage collection found and did.
 *
 * @param dryRun whether nothing was removed
 * @param manifests the manifest revisions marked (all of them are kept)
 * @param referencedBlobs the blobs kept because something references them
 * @param removedBlobs the blobs removed (or, in a dry run, that would be)
 * @param bytesFreed their total size
 * @param keptInGracePeriod unreferenced blobs kept because they are recent
 * @param uploadsPurged abandoned upload sessions removed (none in a dry run)
 */
public record GcReport(
    boolean dryRun,
    int manifests,
    int referencedBlobs,
    List<String> removedBlobs,
    long bytesFreed,
    int keptInGracePeriod,
    int uploadsPurged) {}
