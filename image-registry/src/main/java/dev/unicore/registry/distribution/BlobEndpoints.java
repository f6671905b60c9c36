package dev.unicore.registry.distribution;

import dev.unicore.registry.storage.Digest;
import dev.unicore.registry.storage.DigestMismatchException;
import dev.unicore.registry.storage.Storage;
import dev.unicore.registry.storage.Storage.UploadStatus;
import dev.unicore.registry.storage.TooLargeException;
import dev.unicore.registry.storage.UploadOffsetException;
import dev.unicore.registry.storage.UploadUnknownException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Blob pull (GET and HEAD with ranges), blob delete, and the push protocol: monolithic (POST then
 * PUT, or a single POST), chunked (PATCH with {@code Content-Range}, resumable, status by GET) and
 * cross-repository mount. Bytes only become a blob after the storage verified their digest.
 */
@Component
class BlobEndpoints {
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
  private static final Pattern CONTENT_RANGE =
      Pattern.compile("(?:bytes )?(\\d+)-(\\d+)(?:/\\d+|/\\*)?");
  private static final String SENDFILE_SUPPORT = "org.apache.tomcat.sendfile.support";

  private final Storage storage;
  private final RegistryProperties properties;
  private final RegistryMetrics metrics;

  BlobEndpoints(Storage storage, RegistryProperties properties, RegistryMetrics metrics) {
    this.storage = storage;
    this.properties = properties;
    this.metrics = metrics;
  }

  void get(Exchange ex) throws IOException {
    String repository = ex.repository();
    Digest digest = ex.digest(ex.path.reference());
    if (!storage.isLinked(repository, digest)) {
      throw unknownBlob(repository, digest);
    }
    Optional<Long> stored = storage.blobSize(digest);
    if (stored.isEmpty()) {
      throw unknownBlob(repository, digest);
    }
    long size = stored.get();
    long start = 0;
    long end = size - 1;
    boolean partial = false;
    String range = ex.header("Range");
    if (range != null) {
      Matcher m = RANGE.matcher(range.strip());
      if (m.matches() && !(m.group(1).isEmpty() && m.group(2).isEmpty())) {
        if (m.group(1).isEmpty()) {
          long suffix = Long.parseLong(m.group(2));
          start = Math.max(0, size - suffix);
        } else {
          start = Long.parseLong(m.group(1));
          if (!m.group(2).isEmpty()) {
            end = Math.min(end, Long.parseLong(m.group(2)));
          }
        }
        if (start >= size || start > end) {
          ex.response.setHeader("Content-Range", "bytes */" + size);
          throw new RegistryException(
              416, ErrorCode.SIZE_INVALID, "range " + range + " lies outside the blob");
        }
        partial = true;
      }
    }
    long length = end - start + 1;
    ex.response.setStatus(partial ? 206 : 200);
    ex.response.setContentType("application/octet-stream");
    ex.response.setHeader("Docker-Content-Digest", digest.toString());
    ex.response.setHeader("Accept-Ranges", "bytes");
    ex.response.setHeader("ETag", "\"" + digest + "\"");
    ex.response.setHeader("Cache-Control", "max-age=31536000");
    if (partial) {
      ex.response.setHeader("Content-Range", "bytes " + start + "-" + end + "/" + size);
    }
    ex.response.setContentLengthLong(Math.max(length, 0));
    if (ex.isHead() || length <= 0) {
      return;
    }
    metrics.sent(length);
    Optional<Path> file = storage.localBlobFile(digest);
    if (file.isPresent() && Boolean.TRUE.equals(ex.request.getAttribute(SENDFILE_SUPPORT))) {
      // Tomcat sends the file from the kernel once the handler returns.
      ex.request.setAttribute("org.apache.tomcat.sendfile.filename", file.get().toString());
      ex.request.setAttribute("org.apache.tomcat.sendfile.start", start);
      ex.request.setAttribute("org.apache.tomcat.sendfile.end", end + 1);
      return;
    }
    try (SeekableByteChannel channel = storage.openBlob(digest)) {
      channel.position(start);
      OutputStream out = ex.response.getOutputStream();
      ByteBuffer buffer = ByteBuffer.allocate(1 << 18);
      long remaining = length;
      while (remaining > 0) {
        buffer.clear();
        if (remaining < buffer.capacity()) {
          buffer.limit((int) remaining);
        }
        int n = channel.read(buffer);
        if (n < 0) {
          break;
        }
        out.write(buffer.array(), 0, n);
        remaining -= n;
      }
    }
  }

  void delete(Exchange ex) throws IOException {
    String repository = ex.repository();
    Digest digest = ex.digest(ex.path.reference());
    requireDeletes();
    if (!storage.unlink(repository, digest)) {
      throw unknownBlob(repository, digest);
    }
    ex.empty(202);
  }

  /** POST /v2/NAME/blobs/uploads/: mount, single-POST monolithic push, or a new session. */
  void startUpload(Exchange ex) throws IOException {
    String repository = ex.repository();
    String mount = ex.param("mount");
    if (mount != null) {
      Digest digest = ex.digest(mount);
      String from = ex.param("from");
      if (from != null
          && RegistryPath.isValidName(from)
          && RegistryRequest.mayPull(ex.request, from)
          && storage.isLinked(from, digest)
          && storage.link(repository, digest)) {
        created(ex, repository, digest);
        return;
      }
    }
    String digestParam = ex.param("digest");
    Digest digest = digestParam == null ? null : ex.digest(digestParam);
    String id = storage.startUpload(repository);
    if (digest != null) {
      try {
        append(ex, repository, id, -1);
        complete(ex, repository, id, digest);
      } finally {
        storage.cancelUpload(repository, id);
      }
      return;
    }
    uploadHeaders(ex, repository, new UploadStatus(id, 0, Instant.now()));
    ex.empty(202);
  }

  /** GET /v2/NAME/blobs/uploads/ID: where a resumable upload stands. */
  void uploadStatus(Exchange ex) throws IOException {
    String repository = ex.repository();
    UploadStatus status = status(repository, ex.path.reference());
    uploadHeaders(ex, repository, status);
    ex.empty(204);
  }

  /** PATCH /v2/NAME/blobs/uploads/ID: one chunk, in order when it names its range. */
  void patch(Exchange ex) throws IOException {
    String repository = ex.repository();
    String id = ex.path.reference();
    UploadStatus before = status(repository, id);
    long offset = chunkOffset(ex, repository, before);
    UploadStatus after = append(ex, repository, id, offset);
    uploadHeaders(ex, repository, after);
    ex.empty(202);
  }

  /** PUT /v2/NAME/blobs/uploads/ID?digest=D: the last (maybe empty) chunk, then the commit. */
  void put(Exchange ex) throws IOException {
    String repository = ex.repository();
    String id = ex.path.reference();
    status(repository, id);
    String digestParam = ex.param("digest");
    if (digestParam == null) {
      throw new RegistryException(400, ErrorCode.DIGEST_INVALID, "the digest parameter is missing");
    }
    Digest digest = ex.digest(digestParam);
    UploadStatus before = status(repository, id);
    append(ex, repository, id, chunkOffset(ex, repository, before));
    complete(ex, repository, id, digest);
  }

  /**
   * Where a chunk must start: its {@code Content-Range} start, which must be where the session ends
   * (416 otherwise) and must agree with {@code Content-Length}; -1 without a range.
   */
  private static long chunkOffset(Exchange ex, String repository, UploadStatus before) {
    String contentRange = ex.header("Content-Range");
    if (contentRange == null) {
      return -1;
    }
    Matcher m = CONTENT_RANGE.matcher(contentRange.strip());
    if (!m.matches()) {
      throw new RegistryException(
          416, ErrorCode.BLOB_UPLOAD_INVALID, "malformed Content-Range " + contentRange);
    }
    long start = Long.parseLong(m.group(1));
    long end = Long.parseLong(m.group(2));
    if (start != before.size() || end < start) {
      uploadHeaders(ex, repository, before);
      throw new RegistryException(
          416,
          ErrorCode.BLOB_UPLOAD_INVALID,
          "chunk "
              + start
              + "-"
              + end
              + " is out of order: the upload has "
              + before.size()
              + " bytes");
    }
    long declared = ex.request.getContentLengthLong();
    if (declared >= 0 && declared != end - start + 1) {
      throw new RegistryException(
          400,
          ErrorCode.SIZE_INVALID,
          "Content-Length " + declared + " does not match Content-Range " + contentRange);
    }
    return start;
  }

  /** DELETE /v2/NAME/blobs/uploads/ID: cancels the session. */
  void cancel(Exchange ex) throws IOException {
    String repository = ex.repository();
    if (!storage.cancelUpload(repository, ex.path.reference())) {
      throw new RegistryException(
          404, ErrorCode.BLOB_UPLOAD_UNKNOWN, "no upload " + ex.path.reference());
    }
    ex.empty(204);
  }

  private UploadStatus append(Exchange ex, String repository, String id, long offset)
      throws IOException {
    long declared = ex.request.getContentLengthLong();
    if (declared > properties.maxChunkBytes()) {
      throw tooLarge(declared);
    }
    if (declared == 0) {
      return status(repository, id);
    }
    try (InputStream body = ex.request.getInputStream()) {
      long before = storage.uploadStatus(repository, id).size();
      UploadStatus status =
          storage.appendUpload(repository, id, offset, body, properties.maxChunkBytes());
      metrics.received(status.size() - before);
      return status;
    } catch (UploadUnknownException e) {
      throw new RegistryException(404, ErrorCode.BLOB_UPLOAD_UNKNOWN, e.getMessage());
    } catch (UploadOffsetException e) {
      throw new RegistryException(416, ErrorCode.BLOB_UPLOAD_INVALID, e.getMessage());
    } catch (TooLargeException e) {
      throw tooLarge(-1);
    }
  }

  private void complete(Exchange ex, String repository, String id, Digest digest)
      throws IOException {
    UploadStatus status = status(repository, id);
    try {
      storage.commitUpload(repository, id, digest);
    } catch (DigestMismatchException e) {
      throw new RegistryException(400, ErrorCode.DIGEST_INVALID, e.getMessage());
    } catch (UploadUnknownException e) {
      throw new RegistryException(404, ErrorCode.BLOB_UPLOAD_UNKNOWN, e.getMessage());
    }
    metrics.uploaded(Duration.between(status.startedAt(), Instant.now()));
    created(ex, repository, digest);
  }

  private UploadStatus status(String repository, String id) throws IOException {
    try {
      return storage.uploadStatus(repository, id);
    } catch (UploadUnknownException e) {
      throw new RegistryException(404, ErrorCode.BLOB_UPLOAD_UNKNOWN, "no upload " + id);
    }
  }

  private static void created(Exchange ex, String repository, Digest digest) {
    ex.response.setHeader("Location", "/v2/" + repository + "/blobs/" + digest);
    ex.response.setHeader("Docker-Content-Digest", digest.toString());
    ex.empty(201);
  }

  private static void uploadHeaders(Exchange ex, String repository, UploadStatus status) {
    ex.response.setHeader("Location", "/v2/" + repository + "/blobs/uploads/" + status.id());
    ex.response.setHeader("Docker-Upload-UUID", status.id());
    ex.response.setHeader("Range", "0-" + Math.max(status.size() - 1, 0));
  }

  private void requireDeletes() {
    if (!properties.deleteEnabled()) {
      throw new RegistryException(405, ErrorCode.UNSUPPORTED, "deletes are disabled");
    }
  }

  private RegistryException tooLarge(long declared) {
    return new RegistryException(
        413,
        ErrorCode.BLOB_UPLOAD_INVALID,
        "a chunk may carry at most "
            + properties.maxChunkBytes()
            + " bytes"
            + (declared > 0 ? ", not " + declared : ""));
  }

  private RegistryException unknownBlob(String repository, Digest digest) {
    if (!storage.repositoryExists(repository)) {
      return new RegistryException(404, ErrorCode.NAME_UNKNOWN, "no repository " + repository);
    }
    return new RegistryException(404, ErrorCode.BLOB_UNKNOWN, digest.toString());
  }
}
