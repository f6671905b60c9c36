package dev.unicore.buildtool.build;

import dev.unicore.resolver.recipe.Target;
import java.util.List;

/** A target's build failed; carries the end of the build log, which usually says why. */
public class BuildFailedException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient Target target;
  private final List<String> logTail;

  public BuildFailedException(Target target, String reason, List<String> logTail) {
    super(target + ": " + reason);
    this.target = target;
    this.logTail = List.copyOf(logTail);
  }

  public Target target() {
    return target;
  }

  public List<String> logTail() {
    return logTail;
  }
}
