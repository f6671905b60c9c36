package dev.unicore.builderworker.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unicore.builderworker.engine.BuildJob;
import dev.unicore.resolver.recipe.Target;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class ImagePackagerTest {
  private final ImagePackager packager = new ImagePackager();
  private final ObjectMapper json = new ObjectMapper();

  private ImageFacts facts(String platform) {
    return new ImageFacts(
        "hello",
        3,
        "sha256:" + "a".repeat(64),
        7,
        11,
        "hello",
        new Target(platform, "x86_64"),
        "world",
        List.of(
            new BuildJob.Library("console", "0.1.0", "chosen in the recipe", Map.of("size", 256L))),
        "passed",
        "gcc 12");
  }

  @Test
  void theSameKernelAndFactsGiveTheSameDigests() {
    byte[] kernel = "\u007fELF kernel".getBytes(StandardCharsets.UTF_8);
    ImagePackager.Image first = packager.image(facts("qemu"), kernel);
    ImagePackager.Image second = packager.image(facts("qemu"), kernel);
    assertThat(second.manifest().digest()).isEqualTo(first.manifest().digest());
    assertThat(second.layer().digest()).isEqualTo(first.layer().digest());
  }

  @Test
  void theManifestCarriesTheUnikernelFactsAndTheLayerHoldsKernelAndUruncJson() throws Exception {
    byte[] kernel = "\u007fELF kernel".getBytes(StandardCharsets.UTF_8);
    ImagePackager.Image image = packager.image(facts("linuxu"), kernel);
    JsonNode manifest = json.readTree(image.manifest().bytes());
    assertThat(manifest.at("/annotations/dev.unicore.platform").asText()).isEqualTo("linuxu");
    assertThat(manifest.at("/annotations/com.urunc.unikernel.hypervisor").asText())
        .isEqualTo("none");
    assertThat(manifest.at("/config/digest").asText()).isEqualTo(image.config().digest());
    JsonNode config = json.readTree(image.config().bytes());
    assertThat(config.get("os").asText()).isEqualTo("linux");
    assertThat(config.get("architecture").asText()).isEqualTo("amd64");

    byte[] tar =
        new GZIPInputStream(new ByteArrayInputStream(image.layer().bytes())).readAllBytes();
    assertThat(Blob.sha256(tar)).isEqualTo(config.at("/rootfs/diff_ids/0").asText());
    String names = new String(tar, StandardCharsets.ISO_8859_1);
    assertThat(names).contains("unikernel/hello.elf").contains("urunc.json");
    int uruncAt = names.indexOf("{\"com.urunc.");
    JsonNode urunc = json.readTree(names.substring(uruncAt, names.indexOf('}', uruncAt) + 1));
    assertThat(
            new String(
                Base64.getDecoder().decode(urunc.get("com.urunc.unikernel.binary").asText()),
                StandardCharsets.UTF_8))
        .isEqualTo("/unikernel/hello.elf");
  }

  @Test
  void theSbomListsTheLibrariesAndPointsAtItsImage() throws Exception {
    ImagePackager.Image image = packager.image(facts("qemu"), new byte[] {1, 2, 3});
    ImagePackager.Sbom sbom = packager.sbom(facts("qemu"), image.manifest());
    JsonNode document = json.readTree(sbom.document().bytes());
    assertThat(document.get("bomFormat").asText()).isEqualTo("CycloneDX");
    assertThat(document.at("/components/0/name").asText()).isEqualTo("console");
    assertThat(document.at("/components/0/version").asText()).isEqualTo("0.1.0");
    JsonNode manifest = json.readTree(sbom.manifest().bytes());
    assertThat(manifest.at("/subject/digest").asText()).isEqualTo(image.manifest().digest());
    assertThat(manifest.get("artifactType").asText()).isEqualTo(ImagePackager.SBOM);
  }
}
