/**
 * Builds and the builder workers' protocol. A build of a recipe version makes one task per target;
 * tasks are a persisted state machine (queued → leased → running → succeeded | failed | cancelled)
 * handed out by lease: a worker leases the oldest queued task it can build, renews the lease by
 * heartbeat and reports the result. An expired lease puts the task back (bounded attempts, then
 * failed with the reason), so a worker killed at any moment loses nothing. A build's state derives
 * from its tasks.
 */
package dev.unicore.controlplane.builds;
