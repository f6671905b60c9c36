package dev.unicore.controlplane.catalog;

import dev.unicore.resolver.manifest.LibraryManifest;
import java.time.Instant;

/**
 * One version of a library as the catalog keeps it.
 *
 * @param version the catalog's version: the manifest's, or {@code version+N} for the N-th changed
 *     manifest that kept the same version string
 * @param manifest the manifest as it was imported
 * @param importedAt when it was imported
 */
public record CatalogEntry(String version, LibraryManifest manifest, Instant importedAt) {}
