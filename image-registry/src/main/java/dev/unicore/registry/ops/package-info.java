/**
 * Operations: the request log (method, path, status, repository, digest, bytes, time) and the
 * storage's health. Metrics live with the feature that counts them.
 */
package dev.unicore.registry.ops;
