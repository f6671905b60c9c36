package dev.unicore.agent.kubernetes.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.model.annotation.StatusReplicas;
import java.util.List;

/** What the operator observed, written back after every reconciliation. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UnikernelDeploymentStatus(
    @JsonPropertyDescription("The generation of the spec this status describes.")
        Long observedGeneration,
    @StatusReplicas @JsonPropertyDescription("Pods that exist for this resource.") Integer replicas,
    @JsonPropertyDescription("Pods that are ready.") Integer readyReplicas,
    @JsonPropertyDescription("Pods ready for the minimum ready time.") Integer availableReplicas,
    @JsonPropertyDescription(
            "Container restarts of the current Pods plus failed Pods not yet replaced.")
        Integer restarts,
    @JsonPropertyDescription("The image the Pods run: registry/repository@digest.") String image,
    @JsonPropertyDescription("The digest the spec's image resolved to.") String imageDigest,
    @JsonPropertyDescription(
            "The spec's image as it was when resolved; the tag is looked up again only when the"
                + " spec's image changes, so a moved tag never rolls out by surprise.")
        String resolvedFrom,
    @JsonPropertyDescription("Ready, Progressing and Degraded, each with a reason.")
        List<Condition> conditions) {

  /** The same facts with other conditions. */
  public UnikernelDeploymentStatus withConditions(List<Condition> conditions) {
    return new UnikernelDeploymentStatus(
        observedGeneration,
        replicas,
        readyReplicas,
        availableReplicas,
        restarts,
        image,
        imageDigest,
        resolvedFrom,
        conditions);
  }
}
