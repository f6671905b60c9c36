/**
 * Content-addressed storage of blobs, manifests, tags and upload sessions behind one interface,
 * {@link dev.unicore.registry.storage.Storage}, with a filesystem implementation. A blob becomes
 * visible only after its bytes were verified against its digest; uploads are written to a temporary
 * area and published with one atomic file-system operation, so an interrupted upload leaves nothing
 * visible and concurrent pushes of one blob are safe.
 */
package dev.unicore.registry.storage;
