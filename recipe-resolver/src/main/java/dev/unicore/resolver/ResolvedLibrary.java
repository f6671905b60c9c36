package dev.unicore.resolver;

import dev.unicore.resolver.manifest.LibraryManifest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A library in a build plan, with the value of every one of its options (the recipe's where set,
 * the default otherwise) and why it is there.
 */
public record ResolvedLibrary(
    LibraryManifest manifest, Map<String, Object> options, SelectionReason reason) {
  public ResolvedLibrary {
    Objects.requireNonNull(manifest);
    options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    Objects.requireNonNull(reason);
  }

  public String name() {
    return manifest.name();
  }
}
