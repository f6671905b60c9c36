package dev.unicore.agent.kubernetes.reconcile;

import dev.unicore.agent.kubernetes.crd.UnikernelDeployment;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes core/v1 Events about a UnikernelDeployment, seen by {@code kubectl describe ukd}. An event
 * that cannot be written is logged and dropped: it must never fail a reconciliation.
 */
public final class EventRecorder {
  private static final Logger log = LoggerFactory.getLogger(EventRecorder.class);

  private final KubernetesClient client;
  private final String identity;

  public EventRecorder(KubernetesClient client, String identity) {
    this.client = client;
    this.identity = identity;
  }

  public void warning(UnikernelDeployment resource, String reason, String message) {
    record(resource, "Warning", reason, message);
  }

  public void normal(UnikernelDeployment resource, String reason, String message) {
    record(resource, "Normal", reason, message);
  }

  private void record(UnikernelDeployment resource, String type, String reason, String message) {
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    var metadata = resource.getMetadata();
    var event =
        new EventBuilder()
            .withNewMetadata()
            .withGenerateName(metadata.getName() + ".")
            .withNamespace(metadata.getNamespace())
            .endMetadata()
            .withInvolvedObject(
                new ObjectReferenceBuilder()
                    .withApiVersion(resource.getApiVersion())
                    .withKind(resource.getKind())
                    .withName(metadata.getName())
                    .withNamespace(metadata.getNamespace())
                    .withUid(metadata.getUid())
                    .build())
            .withType(type)
            .withReason(reason)
            .withMessage(message)
            .withNewSource()
            .withComponent(Workloads.MANAGER)
            .endSource()
            .withReportingComponent("unicore.dev/operator")
            .withReportingInstance(identity)
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withCount(1)
            .build();
    try {
      client.v1().events().inNamespace(metadata.getNamespace()).resource(event).create();
    } catch (KubernetesClientException e) {
      log.warn("could not record event {} for {}: {}", reason, metadata.getName(), e.getMessage());
    }
  }
}
