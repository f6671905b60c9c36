package dev.unicore.controlplane.recipes;

import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param applicationsRoot the folder of the example applications a recipe may name ({@code
 *     unikernel/apps})
 */
@Validated
@ConfigurationProperties("unicore.recipes")
public record RecipesProperties(@NotNull Path applicationsRoot) {}
