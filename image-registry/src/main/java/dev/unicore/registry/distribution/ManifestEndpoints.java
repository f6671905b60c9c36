package dev.unicore.registry.distribution;

import dev.unicore.registry.manifest.Descriptor;
import dev.unicore.registry.manifest.InvalidManifestException;
import dev.unicore.registry.manifest.ManifestParser;
import dev.unicore.registry.manifest.ParsedManifest;
import dev.unicore.registry.storage.Digest;
import dev.unicore.registry.storage.Storage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Manifests by tag or digest (GET, HEAD, PUT, DELETE), tag listing, the referrers API and the
 * catalog. A manifest is stored only when it parses, fits the size limit, matches the digest it was
 * pushed under and every blob and manifest it references is already in the repository; the check
 * and the store run under the storage's shared lock, so the garbage collector cannot remove a
 * referenced blob in between.
 */
@Component
class ManifestEndpoints {
  private final Storage storage;
  private final RegistryProperties properties;
  private final RegistryMetrics metrics;

  ManifestEndpoints(Storage storage, RegistryProperties properties, RegistryMetrics metrics) {
    this.storage = storage;
    this.properties = properties;
    this.metrics = metrics;
  }

  void get(Exchange ex) throws IOException {
    String repository = ex.repository();
    Digest digest = resolve(ex, repository, ex.path.reference());
    String mediaType = storage.manifestMediaType(repository, digest).orElseThrow();
    byte[] content = storage.readBlob(digest);
    ex.response.setStatus(200);
    ex.response.setContentType(mediaType);
    ex.response.setHeader("Docker-Content-Digest", digest.toString());
    ex.response.setHeader("ETag", "\"" + digest + "\"");
    ex.response.setContentLength(content.length);
    if (!ex.isHead()) {
      metrics.sent(content.length);
      ex.response.getOutputStream().write(content);
    }
  }

  void put(Exchange ex) throws IOException {
    String repository = ex.repository();
    String reference = ex.path.reference();
    Digest pushedAs = null;
    String tag = null;
    if (Digest.looksLikeDigest(reference)) {
      pushedAs = ex.digest(reference);
    } else if (RegistryPath.isValidTag(reference)) {
      tag = reference;
    } else {
      throw new RegistryException(400, ErrorCode.MANIFEST_INVALID, "invalid tag: " + reference);
    }
    byte[] content = readLimited(ex);
    ParsedManifest manifest;
    try {
      manifest = ManifestParser.parse(content, ex.header("Content-Type"));
    } catch (InvalidManifestException e) {
      throw new RegistryException(400, ErrorCode.MANIFEST_INVALID, e.getMessage());
    }
    Digest digest = Digest.of(pushedAs == null ? "sha256" : pushedAs.algorithm(), content);
    if (pushedAs != null && !pushedAs.equals(digest)) {
      throw new RegistryException(
          400,
          ErrorCode.DIGEST_INVALID,
          "the manifest's digest is " + digest + ", not " + pushedAs);
    }
    ex.request.setAttribute(RegistryRequest.DIGEST, digest.toString());
    String storedTag = tag;
    Digest subject = manifest.subject() == null ? null : manifest.subject().digest();
    storage.shared(
        () -> {
          List<String> missing = new ArrayList<>();
          for (Descriptor blob : manifest.blobs()) {
            if (blob.urls().isEmpty() && !storage.isLinked(repository, blob.digest())) {
              missing.add(blob.digest().toString());
            }
          }
          for (Descriptor child : manifest.manifests()) {
            if (storage.manifestMediaType(repository, child.digest()).isEmpty()) {
              missing.add(child.digest().toString());
            }
          }
          if (!missing.isEmpty()) {
            throw new RegistryException(
                400, ErrorCode.MANIFEST_BLOB_UNKNOWN, Map.of("missing", missing));
          }
          storage.putManifest(
              repository, digest, content, manifest.mediaType(), storedTag, subject);
          return null;
        });
    metrics.received(content.length);
    ex.response.setHeader("Location", "/v2/" + repository + "/manifests/" + digest);
    ex.response.setHeader("Docker-Content-Digest", digest.toString());
    if (subject != null) {
      ex.response.setHeader("OCI-Subject", subject.toString());
    }
    ex.empty(201);
  }

  void delete(Exchange ex) throws IOException {
    String repository = ex.repository();
    if (!properties.deleteEnabled()) {
      throw new RegistryException(405, ErrorCode.UNSUPPORTED, "deletes are disabled");
    }
    String reference = ex.path.reference();
    if (Digest.looksLikeDigest(reference)) {
      Digest digest = ex.digest(reference);
      if (!storage.deleteManifest(repository, digest)) {
        throw unknownManifest(repository, reference);
      }
    } else if (!RegistryPath.isValidTag(reference) || !storage.deleteTag(repository, reference)) {
      throw unknownManifest(repository, reference);
    }
    ex.empty(202);
  }

  void tags(Exchange ex) throws IOException {
    String repository = ex.repository();
    if (!storage.repositoryExists(repository)) {
      throw new RegistryException(404, ErrorCode.NAME_UNKNOWN, "no repository " + repository);
    }
    List<String> page = page(ex, storage.listTags(repository), "/v2/" + repository + "/tags/list");
    ex.json(200, "application/json", Exchange.object("name", repository, "tags", page));
  }

  void catalog(Exchange ex) throws IOException {
    List<String> page = page(ex, storage.listRepositories(), "/v2/_catalog");
    ex.json(200, "application/json", Exchange.object("repositories", page));
  }

  void referrers(Exchange ex) throws IOException {
    String repository = ex.repository();
    Digest subject = ex.digest(ex.path.reference());
    String artifactType = ex.param("artifactType");
    List<Map<String, Object>> descriptors = new ArrayList<>();
    for (Digest referrer : storage.listReferrers(repository, subject)) {
      Optional<String> mediaType = storage.manifestMediaType(repository, referrer);
      if (mediaType.isEmpty()) {
        continue;
      }
      byte[] content = storage.readBlob(referrer);
      ParsedManifest manifest = ManifestParser.parse(content, mediaType.get());
      if (artifactType != null && !artifactType.equals(manifest.artifactType())) {
        continue;
      }
      Map<String, Object> descriptor =
          Exchange.object(
              "mediaType", manifest.mediaType(),
              "digest", referrer.toString(),
              "size", content.length);
      if (manifest.artifactType() != null) {
        descriptor.put("artifactType", manifest.artifactType());
      }
      if (!manifest.annotations().isEmpty()) {
        descriptor.put("annotations", manifest.annotations());
      }
      descriptors.add(descriptor);
    }
    if (artifactType != null) {
      ex.response.setHeader("OCI-Filters-Applied", "artifactType");
    }
    ex.json(
        200,
        ManifestParser.OCI_INDEX,
        Exchange.object(
            "schemaVersion", 2, "mediaType", ManifestParser.OCI_INDEX, "manifests", descriptors));
  }

  /** Applies {@code n} and {@code last}, adding a {@code Link} header when more follow. */
  private static List<String> page(Exchange ex, List<String> sorted, String route) {
    String last = ex.param("last");
    List<String> after =
        last == null ? sorted : sorted.stream().filter(item -> item.compareTo(last) > 0).toList();
    String n = ex.param("n");
    if (n == null) {
      return after;
    }
    int limit;
    try {
      limit = Integer.parseInt(n);
    } catch (NumberFormatException e) {
      throw new RegistryException(400, ErrorCode.UNSUPPORTED, "n must be a number: " + n);
    }
    if (limit < 0) {
      throw new RegistryException(400, ErrorCode.UNSUPPORTED, "n must not be negative: " + n);
    }
    if (after.size() <= limit) {
      return after;
    }
    List<String> page = after.subList(0, limit);
    if (!page.isEmpty()) {
      ex.response.setHeader(
          "Link",
          "<" + route + "?n=" + limit + "&last=" + page.get(page.size() - 1) + ">; rel=\"next\"");
    }
    return page;
  }

  private Digest resolve(Exchange ex, String repository, String reference) {
    if (Digest.looksLikeDigest(reference)) {
      Digest digest = ex.digest(reference);
      if (storage.manifestMediaType(repository, digest).isEmpty()) {
        throw unknownManifest(repository, reference);
      }
      return digest;
    }
    if (!RegistryPath.isValidTag(reference)) {
      throw new RegistryException(400, ErrorCode.MANIFEST_INVALID, "invalid tag: " + reference);
    }
    Digest digest =
        storage
            .resolveTag(repository, reference)
            .orElseThrow(() -> unknownManifest(repository, reference));
    ex.request.setAttribute(RegistryRequest.DIGEST, digest.toString());
    return digest;
  }

  private RegistryException unknownManifest(String repository, String reference) {
    if (!storage.repositoryExists(repository)) {
      return new RegistryException(404, ErrorCode.NAME_UNKNOWN, "no repository " + repository);
    }
    return new RegistryException(404, ErrorCode.MANIFEST_UNKNOWN, reference);
  }

  private byte[] readLimited(Exchange ex) throws IOException {
    long limit = properties.maxManifestBytes();
    long declared = ex.request.getContentLengthLong();
    if (declared > limit) {
      throw tooLarge(declared);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = ex.request.getInputStream()) {
      byte[] buffer = new byte[8192];
      int n;
      while ((n = in.read(buffer)) > 0) {
        out.write(buffer, 0, n);
        if (out.size() > limit) {
          throw tooLarge(-1);
        }
      }
    }
    return out.toByteArray();
  }

  private RegistryException tooLarge(long declared) {
    return new RegistryException(
        413,
        ErrorCode.MANIFEST_INVALID,
        "a manifest may have at most "
            + properties.maxManifestBytes()
            + " bytes"
            + (declared > 0 ? ", not " + declared : ""));
  }
}
