/**
 * Serves the REST contract itself, {@code openapi/unicore.yaml}, as the source of truth it is:
 * clients and tools read the same file the server interfaces were generated from.
 */
package dev.unicore.controlplane.contract;
