/**
 * The OCI Distribution Spec v1.1 API under {@code /v2/}: pull, push (monolithic, chunked,
 * cross-repository mount), content discovery (tags, referrers, catalog) and content management
 * (deletes). Every failure is answered with the OCI error envelope and the spec's error code. The
 * package root holds what other features use: the parsed request path, the request attributes and
 * the envelope writer.
 */
package dev.unicore.registry.distribution;
