/**
 * The μ-lib catalog: libraries and every version of their manifests, imported from the unikernel
 * tree with the resolver module's parser, listed with filters, and offered to the rest of the
 * control plane as a resolver {@link dev.unicore.resolver.manifest.Catalog} of newest versions.
 * {@link dev.unicore.controlplane.catalog.CatalogService} is the module's API; entities and
 * repositories stay inside.
 */
package dev.unicore.controlplane.catalog;
