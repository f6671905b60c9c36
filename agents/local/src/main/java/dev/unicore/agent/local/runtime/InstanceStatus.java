package dev.unicore.agent.local.runtime;

/**
 * A snapshot of one instance for the agent's report.
 *
 * @param state what the protocol is told
 * @param restarts how many times the agent started it again after it ended
 * @param exitStatus the status of its last run: from the exit marker, else the process's exit code;
 *     null while it has not ended yet
 * @param consoleTail the last bytes of its console, with the agent's own notes ({@code [agent] …})
 * @param terminated true once its supervisor is done: no process left, its files deleted
 */
public record InstanceStatus(
    InstanceState state,
    int restarts,
    Integer exitStatus,
    String consoleTail,
    boolean terminated) {}
