/**
 * Deployments and the agents that run them. A deployment is desired state (image by digest,
 * platform, replicas, resources, command line, environment, restart policy); its instances are
 * placed on agents of its pool and each is a persisted state machine (pending → starting → running
 * → failed | stopped; unknown while its agent is silent). Agents hold a lease renewed by their
 * heartbeat; the heartbeat carries their instances' states and answers with what they must run or
 * stop. {@link dev.unicore.controlplane.deployments.Reconciler} turns desired state into instances:
 * placement, scaling, one-at-a-time rollouts that stop at the first failed new instance (delegated
 * to the cluster when only Kubernetes agents run them), and replacement of instances whose agent
 * went silent. A Kubernetes agent's heartbeat also reports the deployments its cluster defines;
 * {@link dev.unicore.controlplane.deployments.ClusterDeployments} keeps the deployments managed by
 * that cluster equal to them, and the REST API refuses to change those.
 */
package dev.unicore.controlplane.deployments;
