package dev.unicore.registry.manifest;

import dev.unicore.registry.storage.Digest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parses and checks manifests. The media type comes from the request's {@code Content-Type}; when
 * the body names one too, both must agree. A manifest without a known media type is rejected, as is
 * one whose descriptors lack a valid digest, size or media type. Stateless and thread-safe.
 */
public final class ManifestParser {
  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  public static final String DOCKER_MANIFEST =
      "application/vnd.docker.distribution.manifest.v2+json";
  public static final String DOCKER_LIST =
      "application/vnd.docker.distribution.manifest.list.v2+json";
  public static final String DOCKER_SCHEMA1 =
      "application/vnd.docker.distribution.manifest.v1+json";
  public static final String DOCKER_SCHEMA1_SIGNED =
      "application/vnd.docker.distribution.manifest.v1+prettyjws";

  /** Media types of manifests that list other manifests. */
  public static final Set<String> INDEX_TYPES = Set.of(OCI_INDEX, DOCKER_LIST);

  /** Every manifest media type the registry accepts. */
  public static final Set<String> MEDIA_TYPES =
      Set.of(
          OCI_MANIFEST,
          OCI_INDEX,
          DOCKER_MANIFEST,
          DOCKER_LIST,
          DOCKER_SCHEMA1,
          DOCKER_SCHEMA1_SIGNED);

  /** Content types that say nothing about the manifest; its body then names its media type. */
  private static final Set<String> GENERIC_TYPES =
      Set.of("application/json", "application/octet-stream", "text/plain");

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private ManifestParser() {}

  /**
   * Parses a manifest.
   *
   * @param content the manifest's bytes
   * @param contentType the request's {@code Content-Type}, or null
   * @throws InvalidManifestException when the manifest is not acceptable, saying why
   */
  public static ParsedManifest parse(byte[] content, String contentType) {
    JsonNode root;
    try {
      root = JSON.readTree(content);
    } catch (JacksonException e) {
      throw new InvalidManifestException("the manifest is not JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new InvalidManifestException("the manifest is not a JSON object");
    }
    String declared = root.has("mediaType") ? text(root, "mediaType") : null;
    String header = normalize(contentType);
    String mediaType = chooseMediaType(root, declared, header);
    int schemaVersion = root.path("schemaVersion").asInt(-1);
    boolean schema1 = mediaType.equals(DOCKER_SCHEMA1) || mediaType.equals(DOCKER_SCHEMA1_SIGNED);
    if (schemaVersion != (schema1 ? 1 : 2)) {
      throw new InvalidManifestException(
          "schemaVersion must be " + (schema1 ? 1 : 2) + " for " + mediaType);
    }
    List<Descriptor> blobs = new ArrayList<>();
    List<Descriptor> manifests = new ArrayList<>();
    String artifactType = root.has("artifactType") ? text(root, "artifactType") : null;
    if (schema1) {
      for (JsonNode layer : array(root, "fsLayers")) {
        blobs.add(
            new Descriptor(
                "application/octet-stream",
                digest(layer.path("blobSum").asString(null), "fsLayers[].blobSum"),
                -1,
                List.of(),
                null,
                Map.of()));
      }
    } else if (INDEX_TYPES.contains(mediaType)) {
      for (JsonNode entry : array(root, "manifests")) {
        manifests.add(descriptor(entry, "manifests[]"));
      }
    } else {
      if (!root.has("config")) {
        throw new InvalidManifestException("an image manifest needs a config descriptor");
      }
      Descriptor config = descriptor(root.get("config"), "config");
      blobs.add(config);
      for (JsonNode layer : array(root, "layers")) {
        blobs.add(descriptor(layer, "layers[]"));
      }
      if (artifactType == null) {
        artifactType = config.mediaType();
      }
    }
    Descriptor subject = root.has("subject") ? descriptor(root.get("subject"), "subject") : null;
    return new ParsedManifest(
        mediaType, artifactType, blobs, manifests, subject, annotations(root));
  }

  private static String chooseMediaType(JsonNode root, String declared, String header) {
    boolean headerNamesManifest = header != null && MEDIA_TYPES.contains(header);
    if (header != null && !headerNamesManifest && !GENERIC_TYPES.contains(header)) {
      throw new InvalidManifestException("unsupported manifest media type " + header);
    }
    if (declared != null && headerNamesManifest && !declared.equals(header)) {
      throw new InvalidManifestException(
          "the manifest's mediaType " + declared + " differs from the Content-Type " + header);
    }
    String chosen = headerNamesManifest ? header : declared;
    if (chosen == null) {
      if (root.has("manifests")) {
        chosen = OCI_INDEX;
      } else if (root.has("config")) {
        chosen = OCI_MANIFEST;
      } else {
        throw new InvalidManifestException("the manifest names no media type");
      }
    }
    if (!MEDIA_TYPES.contains(chosen)) {
      throw new InvalidManifestException("unsupported manifest media type " + chosen);
    }
    return chosen;
  }

  private static Descriptor descriptor(JsonNode node, String where) {
    if (node == null || !node.isObject()) {
      throw new InvalidManifestException(where + " is not a descriptor");
    }
    String mediaType = text(node, "mediaType");
    if (mediaType == null || mediaType.isBlank()) {
      throw new InvalidManifestException(where + " lacks a mediaType");
    }
    Digest digest = digest(node.path("digest").asString(null), where + ".digest");
    JsonNode size = node.get("size");
    if (size == null || !size.isIntegralNumber() || size.asLong() < 0) {
      throw new InvalidManifestException(where + " needs a non-negative integer size");
    }
    List<String> urls = new ArrayList<>();
    for (JsonNode url : node.path("urls")) {
      urls.add(url.asString());
    }
    String artifactType = node.has("artifactType") ? text(node, "artifactType") : null;
    return new Descriptor(
        mediaType, digest, size.asLong(), List.copyOf(urls), artifactType, annotations(node));
  }

  private static Digest digest(String text, String where) {
    try {
      return Digest.parse(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidManifestException(where + ": " + e.getMessage());
    }
  }

  private static Iterable<JsonNode> array(JsonNode root, String field) {
    JsonNode node = root.get(field);
    if (node == null || !node.isArray()) {
      throw new InvalidManifestException("the manifest needs the array " + field);
    }
    return node;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isString()) {
      throw new InvalidManifestException(field + " must be a string");
    }
    return value.asString();
  }

  private static Map<String, String> annotations(JsonNode node) {
    JsonNode annotations = node.get("annotations");
    if (annotations == null || annotations.isNull()) {
      return Map.of();
    }
    if (!annotations.isObject()) {
      throw new InvalidManifestException("annotations must be an object of strings");
    }
    Map<String, String> result = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : annotations.properties()) {
      if (!entry.getValue().isString()) {
        throw new InvalidManifestException("annotation " + entry.getKey() + " is not a string");
      }
      result.put(entry.getKey(), entry.getValue().asString());
    }
    return result;
  }

  /** The media type of a Content-Type header without parameters, or null. */
  public static String normalize(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      return null;
    }
    int semicolon = contentType.indexOf(';');
    String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return type.strip().toLowerCase(Locale.ROOT);
  }
}
