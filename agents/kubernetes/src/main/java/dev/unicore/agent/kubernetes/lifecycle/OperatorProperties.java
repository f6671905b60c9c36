package dev.unicore.agent.kubernetes.lifecycle;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The operator's settings ({@code unicore.operator.*}; as environment variables {@code
 * UNICORE_OPERATOR_NAMESPACE}, {@code UNICORE_OPERATOR_REGISTRY_URL} and so on).
 *
 * @param namespace the namespace whose UnikernelDeployments it reconciles (the Helm chart sets its
 *     own)
 * @param runtimeClass the RuntimeClass of Pods whose resource names none
 * @param registry the platform registry the Pods pull from
 * @param controlPlaneUrl the control plane to register with as an agent of kind {@code kubernetes};
 *     without it the operator runs alone
 * @param token an API token with the agent role
 * @param agentName the name it registers under: one per cluster, kept across restarts
 * @param pool the agent pool whose deployments it runs
 * @param leaderElection one active replica at a time
 * @param reconcileThreads resources reconciled at once
 */
@ConfigurationProperties("unicore.operator")
public record OperatorProperties(
    @DefaultValue("default") String namespace,
    @DefaultValue("urunc") String runtimeClass,
    @DefaultValue Registry registry,
    URI controlPlaneUrl,
    String token,
    @DefaultValue("kubernetes") String agentName,
    @DefaultValue("kubernetes") String pool,
    @DefaultValue LeaderElection leaderElection,
    @DefaultValue("10") int reconcileThreads) {

  /**
   * The platform registry.
   *
   * @param url where the operator resolves tags to digests
   * @param host the host[:port] in the Pods' image references (what nodes pull from); defaults to
   *     the URL's
   * @param username registry credentials for the resolution and the image pull secret
   * @param password the password or token for {@code username}
   * @param pullSecretName the {@code kubernetes.io/dockerconfigjson} Secret the operator keeps in
   *     its namespace and names in every Pod
   * @param requestTimeout one registry request's limit
   */
  public record Registry(
      @DefaultValue("http://localhost:5000") URI url,
      String host,
      String username,
      String password,
      @DefaultValue("unicore-registry-pull") String pullSecretName,
      @DefaultValue("10s") Duration requestTimeout) {
    /** The host[:port] that image references name. */
    public String imageHost() {
      if (host != null && !host.isBlank()) {
        return host;
      }
      return url.getPort() < 0 ? url.getHost() : url.getHost() + ":" + url.getPort();
    }

    public boolean hasCredentials() {
      return username != null && !username.isBlank();
    }
  }

  /**
   * Leader election through a coordination.k8s.io Lease in the operator's namespace.
   *
   * @param enabled off only for a single replica (tests, development)
   * @param leaseName the Lease all replicas compete for
   * @param identity this replica's name (the Pod name); defaults to host name and process id
   * @param leaseDuration how long a silent leader keeps the lease
   */
  public record LeaderElection(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("unicore-operator") String leaseName,
      String identity,
      @DefaultValue("15s") Duration leaseDuration) {}
}
