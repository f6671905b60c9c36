package dev.unicore.registry.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where the registry keeps its content. Blobs (layers, configs and the manifests themselves) are
 * stored once, by digest; repositories hold links to the blobs pushed to them, manifest revisions
 * with their media type, tags, and the referrers index of manifests that name a subject.
 *
 * <p>Invariants every implementation keeps: a blob is readable only after its bytes matched its
 * digest; a failed or interrupted upload never becomes visible; storing the same blob twice, also
 * concurrently, leaves one intact copy. Names, tags and digests reach this interface already
 * validated (see {@link Digest}); implementations still refuse anything that could escape their
 * root. The filesystem implementation keeps everything under one folder; an S3-compatible object
 * store fits the same interface (uploads as multipart uploads, publishing as a copy to the
 * content-addressed key).
 *
 * <p>Locking: {@link #shared} wraps every change that makes content reachable (commits, links,
 * manifests); {@link #exclusive} is for the garbage collector, so that it never deletes a blob a
 * concurrent push has just referenced.
 */
public interface Storage {

  /** The filesystem implementation, rooted at the folder (created when missing). */
  static Storage filesystem(Path root) throws IOException {
    return new FilesystemStorage(root);
  }

  // Blobs.

  /** The size of a stored blob, when it exists anywhere in the registry. */
  Optional<Long> blobSize(Digest digest);

  /** Opens a stored blob for reading at any position. */
  SeekableByteChannel openBlob(Digest digest) throws IOException;

  /** The blob's file when the storage is a local filesystem (lets the server send it directly). */
  Optional<Path> localBlobFile(Digest digest);

  /** Reads a whole blob that is known to be small (a manifest). */
  byte[] readBlob(Digest digest) throws IOException;

  /** Every stored blob with the time it was last stored or linked. */
  List<BlobEntry> listBlobs() throws IOException;

  /** Deletes a blob and every repository link to it (garbage collection only). */
  void deleteBlob(Digest digest) throws IOException;

  /** Number of stored blobs. */
  long blobCount();

  // Repository links.

  /** Whether the blob was pushed to (or mounted into) the repository and still exists. */
  boolean isLinked(String repository, Digest digest);

  /**
   * Links an existing blob into a repository (cross-repository mount).
   *
   * @return false when the blob does not exist
   */
  boolean link(String repository, Digest digest) throws IOException;

  /**
   * Removes a repository's link to a blob.
   *
   * @return false when there was none
   */
  boolean unlink(String repository, Digest digest) throws IOException;

  // Uploads.

  /** Starts an upload session for a repository and returns its id. */
  String startUpload(String repository) throws IOException;

  /**
   * The state of an upload session of this repository.
   *
   * @throws UploadUnknownException when no such session exists for the repository
   */
  UploadStatus uploadStatus(String repository, String uploadId) throws IOException;

  /**
   * Appends bytes to an upload session.
   *
   * @param expectedOffset where the chunk must start, or -1 to append wherever the session ends
   * @param maxBytes the most bytes this chunk may carry
   * @return the session's state after the chunk
   * @throws UploadUnknownException when no such session exists for the repository
   * @throws UploadOffsetException when the chunk does not start where the session ends
   * @throws TooLargeException when the chunk carries more than {@code maxBytes}
   */
  UploadStatus appendUpload(
      String repository, String uploadId, long expectedOffset, InputStream chunk, long maxBytes)
      throws IOException;

  /**
   * Verifies the session's bytes against the digest, then publishes the blob and links it into the
   * repository. On a mismatch the session is discarded and nothing becomes visible.
   *
   * @return the size of the blob
   * @throws UploadUnknownException when no such session exists for the repository
   * @throws DigestMismatchException when the bytes do not have the digest
   */
  long commitUpload(String repository, String uploadId, Digest expected) throws IOException;

  /** Discards an upload session; false when there was none. */
  boolean cancelUpload(String repository, String uploadId) throws IOException;

  /** Discards upload sessions started before the instant; returns how many. */
  int purgeUploads(Instant startedBefore) throws IOException;

  // Manifests, tags and referrers.

  /**
   * Stores a manifest: its bytes as a blob, a revision with its media type in the repository, the
   * tag (when not null) and, when it names a subject, an entry in the subject's referrers.
   */
  void putManifest(
      String repository,
      Digest digest,
      byte[] content,
      String mediaType,
      String tag,
      Digest subject)
      throws IOException;

  /** The media type of a manifest revision of the repository. */
  Optional<String> manifestMediaType(String repository, Digest digest);

  /** The manifest revisions of a repository. */
  List<Digest> listManifests(String repository) throws IOException;

  /**
   * Deletes a manifest revision, the tags that point to it, and its referrers entry.
   *
   * @return false when the repository has no such revision
   */
  boolean deleteManifest(String repository, Digest digest) throws IOException;

  /** The manifest a tag points to. */
  Optional<Digest> resolveTag(String repository, String tag);

  /** The tags of a repository in lexical order (empty when none). */
  List<String> listTags(String repository) throws IOException;

  /** Deletes a tag; false when there was none. */
  boolean deleteTag(String repository, String tag) throws IOException;

  /** The manifests of the repository that name the subject. */
  List<Digest> listReferrers(String repository, Digest subject) throws IOException;

  /** Whether anything was ever pushed to the repository. */
  boolean repositoryExists(String repository);

  /** Every repository, in lexical order. */
  List<String> listRepositories() throws IOException;

  // Locking.

  /** Runs a change that makes content reachable; many may run at once. */
  <T> T shared(IoSupplier<T> work) throws IOException;

  /** Runs work while no change that makes content reachable runs. */
  <T> T exclusive(IoSupplier<T> work) throws IOException;

  /** Whether the storage can be written (for the health endpoint). */
  boolean isWritable();

  /** A piece of work that may fail with an I/O error. */
  @FunctionalInterface
  interface IoSupplier<T> {
    T get() throws IOException;
  }

  /** A stored blob and when it was last stored or linked. */
  record BlobEntry(Digest digest, long size, Instant lastTouched) {}

  /** An upload session: its id, the bytes received so far and when it started. */
  record UploadStatus(String id, long size, Instant startedAt) {}
}
