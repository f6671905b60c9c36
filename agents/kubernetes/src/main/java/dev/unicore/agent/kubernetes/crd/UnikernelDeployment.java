package dev.unicore.agent.kubernetes.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A unikernel run like any workload: {@code kubectl apply} one, {@code kubectl get ukd} to see it.
 * The CRD ({@code unikerneldeployments.unicore.dev}) is generated from this class and its spec and
 * status at build time into {@code META-INF/fabric8/}.
 */
@Group(UnikernelDeployment.GROUP)
@Version("v1alpha1")
@Kind("UnikernelDeployment")
@Plural("unikerneldeployments")
@ShortNames("ukd")
@Categories("unicore")
@AdditionalPrinterColumn(
    name = "Image",
    jsonPath = ".spec.image",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Desired",
    jsonPath = ".spec.replicas",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.readyReplicas",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Status",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class UnikernelDeployment
    extends CustomResource<UnikernelDeploymentSpec, UnikernelDeploymentStatus>
    implements Namespaced {
  public static final String GROUP = "unicore.dev";
  private static final long serialVersionUID = 1L;
}
