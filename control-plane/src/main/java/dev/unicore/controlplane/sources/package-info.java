/**
 * Uploaded application sources. An upload is a tar.gz of one application folder, read whole and
 * checked by {@link dev.unicore.source.SourceArchive} (no absolute paths, no {@code ..}, no links
 * or device files, within the limits) before anything is stored; a refused archive stores nothing.
 * Archives are addressed by the SHA-256 of their bytes, so uploads are idempotent and a build's
 * source never changes under it. Recipes name an upload by digest; workers download it.
 */
package dev.unicore.controlplane.sources;
