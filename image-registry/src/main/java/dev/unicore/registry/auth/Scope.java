package dev.unicore.registry.auth;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * One access scope of the token flow: {@code TYPE:NAME:ACTIONS}, for example {@code
 * repository:app/kernel:pull,push} or {@code registry:catalog:*}.
 */
record Scope(String type, String name, Set<String> actions) {
  static final String PULL = "pull";
  static final String PUSH = "push";
  static final String DELETE = "delete";
  static final Set<String> ALL = Set.of(PULL, PUSH, DELETE);

  /** Parses a scope; empty when it does not have three parts. */
  static Optional<Scope> parse(String text) {
    int first = text.indexOf(':');
    int last = text.lastIndexOf(':');
    if (first <= 0 || last <= first + 1) {
      return Optional.empty();
    }
    Set<String> actions = new LinkedHashSet<>();
    for (String action : text.substring(last + 1).split(",")) {
      if (!action.isBlank()) {
        actions.add(action.strip());
      }
    }
    return Optional.of(
        new Scope(text.substring(0, first), text.substring(first + 1, last), actions));
  }

  /** Whether this granted scope allows the action (a granted {@code *} allows everything). */
  boolean allows(String action) {
    return actions.contains(action) || actions.contains("*");
  }

  @Override
  public String toString() {
    return type + ":" + name + ":" + String.join(",", actions);
  }

  static Set<String> actionsOf(String... actions) {
    return new LinkedHashSet<>(Arrays.asList(actions));
  }
}
