package dev.unicore.agent.kubernetes.controlplane;

/** Placeholder until the link is written. */
public class ControlPlaneLink {
  public void start() {}

  public void stop() {}
}
