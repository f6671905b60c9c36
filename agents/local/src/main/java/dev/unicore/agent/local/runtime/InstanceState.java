package dev.unicore.agent.local.runtime;

/**
 * What the agent reports about an instance. {@code starting} until the console shows the start
 * marker, {@code running} after it; {@code failed} once it ended and its restart policy gave up (or
 * its image was refused); {@code stopped} when it ended for good without failing, or was stopped.
 */
public enum InstanceState {
  STARTING("starting"),
  RUNNING("running"),
  FAILED("failed"),
  STOPPED("stopped");

  private final String value;

  InstanceState(String value) {
    this.value = value;
  }

  /** The protocol's name of the state. */
  public String value() {
    return value;
  }
}
