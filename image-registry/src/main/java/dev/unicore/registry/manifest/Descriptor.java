package dev.unicore.registry.manifest;

import dev.unicore.registry.storage.Digest;
import java.util.List;
import java.util.Map;

/**
 * A content descriptor inside a manifest.
 *
 * @param mediaType the media type of the content described
 * @param digest its digest
 * @param size its size in bytes
 * @param urls where foreign content may be fetched from (then the registry need not hold it)
 * @param artifactType the artifact type, when the descriptor names one
 * @param annotations the descriptor's annotations
 */
public record Descriptor(
    String mediaType,
    Digest digest,
    long size,
    List<String> urls,
    String artifactType,
    Map<String, String> annotations) {}
