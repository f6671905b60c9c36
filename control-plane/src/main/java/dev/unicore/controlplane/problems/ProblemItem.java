package dev.unicore.controlplane.problems;

/**
 * One of several things wrong with a request, listed in the {@code problems} member of a problem
 * document.
 *
 * @param kind stable kind, such as UNKNOWN_LIBRARY or MALFORMED_MANIFEST
 * @param target the target (platform/architecture) it concerns, or null
 * @param message what is wrong
 * @param fix what to change
 */
public record ProblemItem(String kind, String target, String message, String fix) {}
