package dev.unicore.agent.kubernetes.lifecycle;

import dev.unicore.agent.kubernetes.controlplane.ControlPlaneLink;
import dev.unicore.agent.kubernetes.reconcile.UnikernelDeploymentReconciler;
import dev.unicore.agent.kubernetes.registry.RegistryResolver;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the operator: the UnikernelDeployment controller in one namespace and, when a control plane
 * is configured, the link to it. With leader election, every replica waits for the Lease; only the
 * leader starts the controller and the link, and a leader that loses the Lease exits (its Pod is
 * restarted and waits again), so two replicas never reconcile at once.
 */
public class OperatorRuntime implements SmartLifecycle, HealthIndicator {
  private static final Logger log = LoggerFactory.getLogger(OperatorRuntime.class);

  private final OperatorProperties properties;
  private final KubernetesClient client;
  private final RegistryResolver registry;
  private final MeterRegistry meters;
  private final Optional<ControlPlaneLink> link;
  private final String identity;
  private volatile Operator operator;
  private volatile boolean leading;
  private volatile boolean stopping;

  public OperatorRuntime(
      OperatorProperties properties,
      KubernetesClient client,
      RegistryResolver registry,
      MeterRegistry meters,
      Optional<ControlPlaneLink> link) {
    this.properties = properties;
    this.client = client;
    this.registry = registry;
    this.meters = meters;
    this.link = link;
    this.identity =
        properties.leaderElection().identity() != null
            ? properties.leaderElection().identity()
            : hostName() + "-" + ProcessHandle.current().pid();
  }

  public String identity() {
    return identity;
  }

  @Override
  public synchronized void start() {
    var election = properties.leaderElection();
    Operator created =
        new Operator(
            overrider -> {
              overrider
                  .withKubernetesClient(client)
                  .withCloseClientOnStop(false)
                  .withMetrics(new OperatorMetrics(meters))
                  .withConcurrentReconciliationThreads(properties.reconcileThreads())
                  // Status is written by server-side apply (the framework's default): the
                  // conditions list is replaced whole. A JSON patch computed against a cached
                  // copy that lags the server could mix two states' conditions.
                  .withUseSSAToPatchPrimaryResource(true);
              if (election.enabled()) {
                overrider.withLeaderElectionConfiguration(
                    LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(
                            election.leaseName())
                        .withLeaseNamespace(properties.namespace())
                        .withIdentity(identity)
                        .withLeaseDuration(election.leaseDuration())
                        .withRenewDeadline(election.leaseDuration().multipliedBy(2).dividedBy(3))
                        .withRetryPeriod(election.leaseDuration().dividedBy(5))
                        // On a lost lease it exits itself (below), unless it is stopping anyway:
                        // the framework's exit inside a shutdown would wait forever.
                        .withExitOnStopLeading(false)
                        .withLeaderCallbacks(
                            new LeaderCallbacks(
                                this::startedLeading,
                                this::stoppedLeading,
                                leader -> log.info("leader is {}", leader)))
                        .build());
              }
            });
    created.register(
        new UnikernelDeploymentReconciler(properties, registry, client, identity),
        configuration ->
            configuration
                .settingNamespace(properties.namespace())
                .withName("unikerneldeployment")
                // A registry or API server outage is retried for as long as it lasts (back-off up
                // to a minute), and every resource is looked at again at least every 5 minutes.
                .withRetry(
                    GenericRetry.defaultLimitedExponentialRetry()
                        .withoutMaxAttempts()
                        .setMaxInterval(Duration.ofMinutes(1).toMillis()))
                .withReconciliationMaxInterval(Duration.ofMinutes(5)));
    created.start();
    operator = created;
    if (!election.enabled()) {
      startedLeading();
    }
    log.info("operator {} watching namespace {}", identity, properties.namespace());
  }

  private void startedLeading() {
    log.info("{} leads: reconciling UnikernelDeployments", identity);
    leading = true;
    link.ifPresent(ControlPlaneLink::start);
  }

  private void stoppedLeading() {
    leading = false;
    link.ifPresent(ControlPlaneLink::stop);
    if (!stopping) {
      // Another replica may lead now: this one must not reconcile any more. Its Pod restarts as a
      // standby. Exit from another thread, so that this callback returns first.
      log.warn("{} lost the lease; exiting", identity);
      new Thread(() -> System.exit(1), "lost-lease-exit").start();
    }
  }

  @Override
  public synchronized void stop() {
    stopping = true;
    link.ifPresent(ControlPlaneLink::stop);
    if (operator != null) {
      operator.stop();
      operator = null;
    }
  }

  @Override
  public boolean isRunning() {
    return operator != null;
  }

  /** Up once started; a leader whose informers are unhealthy is down. Standby replicas are up. */
  @Override
  public Health health() {
    Operator current = operator;
    if (current == null || !current.getRuntimeInfo().isStarted()) {
      return Health.down().withDetail("operator", "not started").build();
    }
    if (leading && !current.getRuntimeInfo().allEventSourcesAreHealthy()) {
      return Health.down()
          .withDetail("unhealthy", current.getRuntimeInfo().unhealthyEventSources().keySet())
          .build();
    }
    return Health.up().withDetail("identity", identity).withDetail("leader", leading).build();
  }

  private static String hostName() {
    String host = System.getenv("HOSTNAME");
    return host != null && !host.isBlank() ? host : "operator";
  }
}
