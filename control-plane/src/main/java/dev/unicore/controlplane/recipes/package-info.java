/**
 * Recipes, checked with the one resolver of Unicore against the catalog's newest versions. For now
 * the module answers recipe checks; stored, versioned recipes come next.
 */
package dev.unicore.controlplane.recipes;
