/**
 * Garbage collection: removes blobs no manifest of any repository references, and upload sessions
 * abandoned for longer than their expiry. Mark and sweep run under the storage's exclusive lock, so
 * no push can link or reference a blob between the two; a blob stored or linked within the grace
 * period is kept even when unreferenced (it is likely part of a push whose manifest has not arrived
 * yet). A dry run reports what would be removed and removes nothing. Run it through the management
 * endpoint {@code POST /actuator/gc} with the JSON body {@code {"dryRun": false}}.
 */
package dev.unicore.registry.gc;
