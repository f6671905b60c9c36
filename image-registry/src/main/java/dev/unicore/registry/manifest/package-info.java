/**
 * The manifest formats the registry accepts (OCI image manifest and index, Docker v2 schema 2
 * manifest and list, Docker schema 1), parsed into what the registry needs: the blobs and manifests
 * a manifest references, its subject, artifact type and annotations.
 */
package dev.unicore.registry.manifest;
