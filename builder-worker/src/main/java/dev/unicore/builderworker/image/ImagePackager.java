package dev.unicore.builderworker.image;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unicore.builderworker.engine.BuildJob;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Packages one kernel as an OCI image, the format of {@code DESIGN.md} ("Images"): a single gzip
 * layer holding {@code /unikernel/<app>.elf} and {@code /urunc.json}; a config with {@code os:
 * linux}, the Go architecture name, and the facts as labels; a manifest carrying the same facts as
 * annotations ({@code dev.unicore.*} and the urunc keys {@code
 * com.urunc.unikernel.{unikernelType,hypervisor,binary,cmdline,initrd}}). Also the SBOM (CycloneDX
 * 1.5 JSON, the μ-libs and their versions and options) as an OCI artifact whose {@code subject} is
 * the image manifest, and the image index across a build's targets.
 *
 * <p>Everything is deterministic: the same kernel and facts give the same digests.
 */
public final class ImagePackager {
  public static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  public static final String INDEX = "application/vnd.oci.image.index.v1+json";
  public static final String CONFIG = "application/vnd.oci.image.config.v1+json";
  public static final String LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";
  public static final String EMPTY = "application/vnd.oci.empty.v1+json";
  public static final String SBOM = "application/vnd.cyclonedx+json";
  public static final String UNIKERNEL_TYPE = "unicore";

  private final ObjectMapper json = new ObjectMapper();

  /** The pieces of one target's image. */
  public record Image(Blob layer, Blob config, Blob manifest, Map<String, String> annotations) {}

  /** The SBOM and the artifact manifest that attaches it to its image. */
  public record Sbom(Blob document, Blob config, Blob manifest) {}

  public Image image(ImageFacts facts, byte[] kernel) {
    Map<String, String> annotations = annotations(facts);
    TarWriter tar = new TarWriter();
    tar.directory("unikernel");
    tar.file("unikernel/" + facts.application() + ".elf", 0755, kernel);
    tar.file("urunc.json", 0644, uruncJson(annotations));
    TarWriter.Layer layer = tar.finish();
    Blob layerBlob = Blob.of(LAYER, layer.gzip());

    Map<String, Object> rootfs = new LinkedHashMap<>();
    rootfs.put("type", "layers");
    rootfs.put("diff_ids", List.of(layer.diffId()));
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("architecture", facts.ociArchitecture());
    config.put("os", "linux");
    config.put("config", Map.of("Labels", annotations));
    config.put("rootfs", rootfs);
    Blob configBlob = Blob.json(CONFIG, write(config));

    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", MANIFEST);
    manifest.put("config", configBlob.descriptor());
    manifest.put("layers", List.of(layerBlob.descriptor()));
    manifest.put("annotations", annotations);
    return new Image(layerBlob, configBlob, Blob.json(MANIFEST, write(manifest)), annotations);
  }

  /** The annotations of an image (also its config labels). */
  public static Map<String, String> annotations(ImageFacts facts) {
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put("dev.unicore.application", facts.application());
    annotations.put("dev.unicore.platform", facts.target().platform());
    annotations.put("dev.unicore.architecture", facts.target().architecture());
    annotations.put("dev.unicore.vmm", facts.vmm());
    annotations.put(
        "dev.unicore.libraries",
        facts.libraries().stream()
            .map(library -> library.name() + "@" + library.version())
            .collect(Collectors.joining(",")));
    annotations.put("dev.unicore.recipe", facts.recipe());
    annotations.put("dev.unicore.recipe-version", Integer.toString(facts.recipeVersion()));
    annotations.put("dev.unicore.recipe-digest", facts.recipeDigest());
    annotations.put("dev.unicore.build-id", Long.toString(facts.buildId()));
    annotations.put("dev.unicore.task-id", Long.toString(facts.taskId()));
    annotations.put("dev.unicore.smoke-boot", facts.smokeBoot());
    annotations.put("dev.unicore.toolchain", facts.toolchain());
    annotations.put("com.urunc.unikernel.unikernelType", UNIKERNEL_TYPE);
    annotations.put("com.urunc.unikernel.hypervisor", facts.vmm());
    annotations.put("com.urunc.unikernel.binary", facts.binaryPath());
    annotations.put("com.urunc.unikernel.cmdline", facts.commandLine());
    annotations.put("com.urunc.unikernel.initrd", "");
    annotations.put("org.opencontainers.image.title", facts.application());
    return annotations;
  }

  /** urunc reads its keys from {@code /urunc.json} with base64 values when annotations are gone. */
  private byte[] uruncJson(Map<String, String> annotations) {
    Map<String, String> urunc = new LinkedHashMap<>();
    annotations.forEach(
        (key, value) -> {
          if (key.startsWith("com.urunc.")) {
            urunc.put(
                key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)));
          }
        });
    return write(urunc).getBytes(StandardCharsets.UTF_8);
  }

  /** The CycloneDX SBOM of an image, attached to it as a referrer. */
  public Sbom sbom(ImageFacts facts, Blob imageManifest) {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("bomFormat", "CycloneDX");
    document.put("specVersion", "1.5");
    document.put(
        "serialNumber",
        "urn:uuid:"
            + UUID.nameUUIDFromBytes(imageManifest.digest().getBytes(StandardCharsets.UTF_8)));
    document.put("version", 1);
    Map<String, Object> application = new LinkedHashMap<>();
    application.put("type", "application");
    application.put("bom-ref", "application:" + facts.application());
    application.put("name", facts.application());
    application.put("version", facts.recipe() + "@" + facts.recipeVersion());
    application.put(
        "properties",
        List.of(
            property("dev.unicore.platform", facts.target().platform()),
            property("dev.unicore.architecture", facts.target().architecture()),
            property("dev.unicore.image-manifest", imageManifest.digest()),
            property("dev.unicore.toolchain", facts.toolchain())));
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put(
        "tools",
        Map.of(
            "components",
            List.of(Map.of("type", "application", "name", "unicore-builder-worker"))));
    metadata.put("component", application);
    document.put("metadata", metadata);
    List<Object> components = new ArrayList<>();
    for (BuildJob.Library library : facts.libraries()) {
      Map<String, Object> component = new LinkedHashMap<>();
      String purl = "pkg:generic/unicore/" + library.name() + "@" + library.version();
      component.put("type", "library");
      component.put("bom-ref", purl);
      component.put("name", library.name());
      component.put("version", library.version());
      component.put("purl", purl);
      List<Object> properties = new ArrayList<>();
      properties.add(property("dev.unicore.reason", library.reason()));
      library
          .options()
          .forEach(
              (name, value) ->
                  properties.add(property("dev.unicore.option." + name, String.valueOf(value))));
      component.put("properties", properties);
      components.add(component);
    }
    document.put("components", components);
    document.put(
        "dependencies",
        List.of(
            Map.of(
                "ref",
                "application:" + facts.application(),
                "dependsOn",
                facts.libraries().stream()
                    .map(
                        library ->
                            "pkg:generic/unicore/" + library.name() + "@" + library.version())
                    .toList())));
    Blob sbom = Blob.json(SBOM, write(document));
    Blob config = Blob.json(EMPTY, "{}");

    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", MANIFEST);
    manifest.put("artifactType", SBOM);
    manifest.put("config", config.descriptor());
    manifest.put("layers", List.of(sbom.descriptor()));
    manifest.put("subject", imageManifest.descriptor());
    manifest.put("annotations", Map.of("dev.unicore.build-id", Long.toString(facts.buildId())));
    return new Sbom(sbom, config, Blob.json(MANIFEST, write(manifest)));
  }

  /** One image of a build's index. */
  public record IndexEntry(
      String platform, String architecture, String manifestDigest, long size) {}

  /** The image index of a build, one entry per target image, in the order given. */
  public Blob index(String recipe, long buildId, List<IndexEntry> entries) {
    List<Object> manifests = new ArrayList<>();
    for (IndexEntry entry : entries) {
      Map<String, Object> descriptor = new LinkedHashMap<>();
      descriptor.put("mediaType", MANIFEST);
      descriptor.put("digest", entry.manifestDigest());
      descriptor.put("size", entry.size());
      String architecture = entry.architecture().equals("x86_64") ? "amd64" : entry.architecture();
      descriptor.put("platform", Map.of("architecture", architecture, "os", "linux"));
      Map<String, String> annotations = new LinkedHashMap<>();
      annotations.put("dev.unicore.platform", entry.platform());
      annotations.put("dev.unicore.architecture", entry.architecture());
      descriptor.put("annotations", annotations);
      manifests.add(descriptor);
    }
    Map<String, Object> index = new LinkedHashMap<>();
    index.put("schemaVersion", 2);
    index.put("mediaType", INDEX);
    index.put("manifests", manifests);
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put("dev.unicore.recipe", recipe);
    annotations.put("dev.unicore.build-id", Long.toString(buildId));
    index.put("annotations", annotations);
    return Blob.json(INDEX, write(index));
  }

  private static Map<String, String> property(String name, String value) {
    Map<String, String> property = new LinkedHashMap<>();
    property.put("name", name);
    property.put("value", value);
    return property;
  }

  private String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }
}
