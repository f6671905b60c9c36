package dev.unicore.controlplane.recipes;

import dev.unicore.resolver.TargetResolution;
import java.time.Instant;
import java.util.List;

/**
 * A version of a recipe with how it resolves against the catalog now.
 *
 * @param name the recipe's name
 * @param version its version, from 1
 * @param draft the recipe as given
 * @param createdAt when the version was made
 * @param targets the resolution of every target, in the recipe's order
 */
public record StoredRecipe(
    String name,
    int version,
    RecipeDraft draft,
    Instant createdAt,
    List<TargetResolution> targets) {}
