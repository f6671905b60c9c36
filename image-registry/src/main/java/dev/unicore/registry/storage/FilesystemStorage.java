package dev.unicore.registry.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Storage} on a local filesystem. Layout under the root:
 *
 * <pre>
 * blobs/ALG/XX/HEX                                 blob bytes, XX = first two hex digits
 * uploads/ID/{data,session}                        upload sessions (the temporary area)
 * uploads/.tmp-*                                   small files being written
 * repositories/NAME/_layers/ALG/HEX                the repository's link to a blob (empty file)
 * repositories/NAME/_manifests/revisions/ALG/HEX   a manifest revision: media type, subject
 * repositories/NAME/_manifests/tags/TAG            a tag: the digest it points to
 * repositories/NAME/_referrers/ALG/HEX/ALG-HEX     subject HEX is referred to by a manifest
 * </pre>
 *
 * <p>A verified upload is published by hard-linking its file to the blob's path: {@code link(2)} is
 * atomic and fails when the blob already exists, so two concurrent pushes of one blob leave the
 * first copy in place (both carry the same verified bytes) and the count of blobs stays exact.
 * Small files (tags, revisions) are written to a temporary file and renamed over the target. Blob
 * bytes and small files are forced to disk before they become visible. Chunks of one upload session
 * are serialized by a per-session lock; a chunk is all or nothing.
 */
final class FilesystemStorage implements Storage {
  private static final Logger log = LoggerFactory.getLogger(FilesystemStorage.class);
  private static final Pattern NAME =
      Pattern.compile("[a-z0-9]+(?:[._-]+[a-z0-9]+)*(?:/[a-z0-9]+(?:[._-]+[a-z0-9]+)*)*");
  private static final Pattern TAG = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}");
  private static final Pattern UPLOAD_ID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final int BUFFER = 1 << 20;

  private final Path root;
  private final Path blobs;
  private final Path uploads;
  private final Path repositories;
  private final ReadWriteLock gcLock = new ReentrantReadWriteLock();
  private final Map<String, Object> sessionLocks = new ConcurrentHashMap<>();
  private final Map<String, Hasher> hashers = new ConcurrentHashMap<>();
  private final AtomicLong blobCount = new AtomicLong();

  /** The running sha256 of an upload session's first {@code offset} bytes. */
  private record Hasher(MessageDigest digest, long offset) {}

  FilesystemStorage(Path root) throws IOException {
    this.root = root.toAbsolutePath().normalize();
    this.blobs = this.root.resolve("blobs");
    this.uploads = this.root.resolve("uploads");
    this.repositories = this.root.resolve("repositories");
    Files.createDirectories(blobs);
    Files.createDirectories(uploads);
    Files.createDirectories(repositories);
    blobCount.set(listBlobs().size());
    log.info("Storage at {} holds {} blobs", this.root, blobCount.get());
  }

  // Blobs.

  @Override
  public Optional<Long> blobSize(Digest digest) {
    try {
      return Optional.of(Files.size(blobPath(digest)));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  @Override
  public SeekableByteChannel openBlob(Digest digest) throws IOException {
    return FileChannel.open(blobPath(digest), StandardOpenOption.READ);
  }

  @Override
  public Optional<Path> localBlobFile(Digest digest) {
    Path path = blobPath(digest);
    return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
  }

  @Override
  public byte[] readBlob(Digest digest) throws IOException {
    return Files.readAllBytes(blobPath(digest));
  }

  @Override
  public List<BlobEntry> listBlobs() throws IOException {
    List<BlobEntry> entries = new ArrayList<>();
    try (Stream<Path> files = Files.walk(blobs, 3)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        if (!Files.isRegularFile(file)) {
          continue;
        }
        String algorithm = file.getParent().getParent().getFileName().toString();
        try {
          Digest digest = new Digest(algorithm, file.getFileName().toString());
          entries.add(
              new BlobEntry(digest, Files.size(file), Files.getLastModifiedTime(file).toInstant()));
        } catch (IllegalArgumentException | NoSuchFileException e) {
          log.debug("Skipping {}: {}", file, e.getMessage());
        }
      }
    }
    return entries;
  }

  @Override
  public void deleteBlob(Digest digest) throws IOException {
    if (Files.deleteIfExists(blobPath(digest))) {
      blobCount.decrementAndGet();
    }
    for (String repository : listRepositories()) {
      Files.deleteIfExists(linkPath(repository, digest));
    }
  }

  @Override
  public long blobCount() {
    return blobCount.get();
  }

  // Repository links.

  @Override
  public boolean isLinked(String repository, Digest digest) {
    return Files.exists(linkPath(repository, digest)) && Files.exists(blobPath(digest));
  }

  @Override
  public boolean link(String repository, Digest digest) throws IOException {
    return shared(
        () -> {
          Path blob = blobPath(digest);
          if (!Files.exists(blob)) {
            return false;
          }
          touch(blob);
          createEmpty(linkPath(repository, digest));
          return true;
        });
  }

  @Override
  public boolean unlink(String repository, Digest digest) throws IOException {
    return Files.deleteIfExists(linkPath(repository, digest));
  }

  // Uploads.

  @Override
  public String startUpload(String repository) throws IOException {
    checkName(repository);
    String id = UUID.randomUUID().toString();
    Path dir = uploads.resolve(id);
    Files.createDirectories(dir);
    Files.createFile(dir.resolve("data"));
    Files.writeString(
        dir.resolve("session"), repository + "\n" + Instant.now().toEpochMilli() + "\n");
    hashers.put(id, new Hasher(Digest.newMessageDigest("sha256"), 0));
    return id;
  }

  @Override
  public UploadStatus uploadStatus(String repository, String uploadId) throws IOException {
    Path dir = sessionDir(repository, uploadId);
    return new UploadStatus(uploadId, Files.size(dir.resolve("data")), startedAt(dir));
  }

  @Override
  public UploadStatus appendUpload(
      String repository, String uploadId, long expectedOffset, InputStream chunk, long maxBytes)
      throws IOException {
    synchronized (sessionLock(uploadId)) {
      Path dir = sessionDir(repository, uploadId);
      try (FileChannel channel = FileChannel.open(dir.resolve("data"), StandardOpenOption.WRITE)) {
        long start = channel.size();
        if (expectedOffset >= 0 && expectedOffset != start) {
          throw new UploadOffsetException(
              "the chunk starts at " + expectedOffset + " but the upload has " + start + " bytes");
        }
        channel.position(start);
        Hasher hasher = hashers.get(uploadId);
        MessageDigest running =
            hasher != null && hasher.offset() == start ? cloneOf(hasher.digest()) : null;
        byte[] buffer = new byte[BUFFER];
        ByteBuffer wrapped = ByteBuffer.wrap(buffer);
        long received = 0;
        try {
          int n;
          while ((n = chunk.readNBytes(buffer, 0, BUFFER)) > 0) {
            received += n;
            if (received > maxBytes) {
              throw new TooLargeException("the chunk is larger than " + maxBytes + " bytes");
            }
            wrapped.clear().limit(n);
            while (wrapped.hasRemaining()) {
              channel.write(wrapped);
            }
            if (running != null) {
              running.update(buffer, 0, n);
            }
            if (n < BUFFER) {
              break;
            }
          }
        } catch (IOException | RuntimeException e) {
          // A chunk is all or nothing: drop what arrived of it, keep the hash of what came before.
          channel.truncate(start);
          throw e;
        }
        if (running != null) {
          hashers.put(uploadId, new Hasher(running, start + received));
        } else {
          hashers.remove(uploadId);
        }
        return new UploadStatus(uploadId, start + received, startedAt(dir));
      }
    }
  }

  @Override
  public long commitUpload(String repository, String uploadId, Digest expected) throws IOException {
    synchronized (sessionLock(uploadId)) {
      Path dir = sessionDir(repository, uploadId);
      Path data = dir.resolve("data");
      long size = Files.size(data);
      Hasher hasher = hashers.get(uploadId);
      Digest actual =
          hasher != null && hasher.offset() == size && expected.algorithm().equals("sha256")
              ? new Digest("sha256", HexFormat.of().formatHex(cloneOf(hasher.digest()).digest()))
              : hashFile(data, expected.algorithm());
      try {
        if (!actual.equals(expected)) {
          throw new DigestMismatchException(
              "the uploaded bytes have the digest " + actual + ", not " + expected);
        }
        // Durable before visible: a crash must never leave a published blob with lost bytes.
        try (FileChannel channel = FileChannel.open(data, StandardOpenOption.WRITE)) {
          channel.force(true);
        }
        shared(
            () -> {
              publish(data, expected);
              createEmpty(linkPath(repository, expected));
              return null;
            });
        return size;
      } finally {
        discardSession(uploadId, dir);
      }
    }
  }

  @Override
  public boolean cancelUpload(String repository, String uploadId) throws IOException {
    synchronized (sessionLock(uploadId)) {
      Path dir;
      try {
        dir = sessionDir(repository, uploadId);
      } catch (UploadUnknownException e) {
        return false;
      }
      discardSession(uploadId, dir);
      return true;
    }
  }

  @Override
  public int purgeUploads(Instant startedBefore) throws IOException {
    int purged = 0;
    try (DirectoryStream<Path> sessions = Files.newDirectoryStream(uploads)) {
      for (Path entry : sessions) {
        String name = entry.getFileName().toString();
        if (name.startsWith(".tmp-")) {
          if (Files.getLastModifiedTime(entry).toInstant().isBefore(startedBefore)) {
            Files.deleteIfExists(entry);
          }
          continue;
        }
        if (!UPLOAD_ID.matcher(name).matches()) {
          continue;
        }
        synchronized (sessionLock(name)) {
          if (Files.isDirectory(entry) && startedAt(entry).isBefore(startedBefore)) {
            discardSession(name, entry);
            purged++;
          }
        }
      }
    }
    return purged;
  }

  // Manifests, tags and referrers.

  @Override
  public void putManifest(
      String repository,
      Digest digest,
      byte[] content,
      String mediaType,
      String tag,
      Digest subject)
      throws IOException {
    checkName(repository);
    if (tag != null) {
      checkTag(tag);
    }
    shared(
        () -> {
          Path temp = writeTemp(content);
          try {
            publish(temp, digest);
          } finally {
            Files.deleteIfExists(temp);
          }
          createEmpty(linkPath(repository, digest));
          String revision = mediaType + "\n" + (subject == null ? "" : subject.toString()) + "\n";
          writeAtomically(
              revisionPath(repository, digest), revision.getBytes(StandardCharsets.UTF_8));
          if (subject != null) {
            createEmpty(
                repositoryDir(repository)
                    .resolve("_referrers")
                    .resolve(subject.algorithm())
                    .resolve(subject.hex())
                    .resolve(digest.algorithm() + "-" + digest.hex()));
          }
          if (tag != null) {
            writeAtomically(
                tagPath(repository, tag), digest.toString().getBytes(StandardCharsets.UTF_8));
          }
          return null;
        });
  }

  @Override
  public Optional<String> manifestMediaType(String repository, Digest digest) {
    return readRevision(repository, digest).map(lines -> lines.get(0));
  }

  @Override
  public List<Digest> listManifests(String repository) throws IOException {
    Path revisions = repositoryDir(repository).resolve("_manifests").resolve("revisions");
    List<Digest> digests = new ArrayList<>();
    if (!Files.isDirectory(revisions)) {
      return digests;
    }
    try (Stream<Path> files = Files.walk(revisions, 2)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        if (Files.isRegularFile(file)) {
          digests.add(
              new Digest(file.getParent().getFileName().toString(), file.getFileName().toString()));
        }
      }
    }
    return digests;
  }

  @Override
  public boolean deleteManifest(String repository, Digest digest) throws IOException {
    Optional<List<String>> revision = readRevision(repository, digest);
    if (revision.isEmpty()) {
      return false;
    }
    Files.deleteIfExists(revisionPath(repository, digest));
    for (String tag : listTags(repository)) {
      if (resolveTagFile(repository, tag).filter(digest::equals).isPresent()) {
        Files.deleteIfExists(tagPath(repository, tag));
      }
    }
    List<String> lines = revision.get();
    if (lines.size() > 1 && !lines.get(1).isBlank()) {
      Digest subject = Digest.parse(lines.get(1).strip());
      Files.deleteIfExists(
          repositoryDir(repository)
              .resolve("_referrers")
              .resolve(subject.algorithm())
              .resolve(subject.hex())
              .resolve(digest.algorithm() + "-" + digest.hex()));
    }
    unlink(repository, digest);
    return true;
  }

  @Override
  public Optional<Digest> resolveTag(String repository, String tag) {
    return resolveTagFile(repository, tag)
        .filter(digest -> Files.exists(revisionPath(repository, digest)));
  }

  @Override
  public List<String> listTags(String repository) throws IOException {
    Path tags = repositoryDir(repository).resolve("_manifests").resolve("tags");
    List<String> names = new ArrayList<>();
    if (Files.isDirectory(tags)) {
      try (DirectoryStream<Path> files = Files.newDirectoryStream(tags)) {
        files.forEach(file -> names.add(file.getFileName().toString()));
      }
    }
    names.sort(Comparator.naturalOrder());
    return names;
  }

  @Override
  public boolean deleteTag(String repository, String tag) throws IOException {
    checkTag(tag);
    return Files.deleteIfExists(tagPath(repository, tag));
  }

  @Override
  public List<Digest> listReferrers(String repository, Digest subject) throws IOException {
    Path dir =
        repositoryDir(repository)
            .resolve("_referrers")
            .resolve(subject.algorithm())
            .resolve(subject.hex());
    List<Digest> referrers = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return referrers;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path file : files) {
        String[] parts = file.getFileName().toString().split("-", 2);
        Digest referrer = new Digest(parts[0], parts[1]);
        if (Files.exists(revisionPath(repository, referrer))) {
          referrers.add(referrer);
        }
      }
    }
    referrers.sort(Comparator.comparing(Digest::toString));
    return referrers;
  }

  @Override
  public boolean repositoryExists(String repository) {
    Path dir = repositoryDir(repository);
    return Files.isDirectory(dir.resolve("_layers"))
        || Files.isDirectory(dir.resolve("_manifests"));
  }

  @Override
  public List<String> listRepositories() throws IOException {
    List<String> names = new ArrayList<>();
    try (Stream<Path> dirs = Files.walk(repositories)) {
      dirs.filter(Files::isDirectory)
          .filter(dir -> !dir.equals(repositories))
          .filter(dir -> !repositories.relativize(dir).toString().contains("_"))
          .filter(
              dir ->
                  Files.isDirectory(dir.resolve("_layers"))
                      || Files.isDirectory(dir.resolve("_manifests")))
          .forEach(dir -> names.add(repositories.relativize(dir).toString().replace('\\', '/')));
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    names.sort(Comparator.naturalOrder());
    return names;
  }

  // Locking.

  @Override
  public <T> T shared(IoSupplier<T> work) throws IOException {
    gcLock.readLock().lock();
    try {
      return work.get();
    } finally {
      gcLock.readLock().unlock();
    }
  }

  @Override
  public <T> T exclusive(IoSupplier<T> work) throws IOException {
    gcLock.writeLock().lock();
    try {
      return work.get();
    } finally {
      gcLock.writeLock().unlock();
    }
  }

  @Override
  public boolean isWritable() {
    return Files.isDirectory(root) && Files.isWritable(uploads) && Files.isWritable(blobs);
  }

  // Paths and helpers.

  private Path blobPath(Digest digest) {
    return blobs
        .resolve(digest.algorithm())
        .resolve(digest.hex().substring(0, 2))
        .resolve(digest.hex());
  }

  private Path repositoryDir(String repository) {
    checkName(repository);
    Path dir = repositories.resolve(repository).normalize();
    if (!dir.startsWith(repositories)) {
      throw new IllegalArgumentException("repository name escapes the storage: " + repository);
    }
    return dir;
  }

  private Path linkPath(String repository, Digest digest) {
    return repositoryDir(repository)
        .resolve("_layers")
        .resolve(digest.algorithm())
        .resolve(digest.hex());
  }

  private Path revisionPath(String repository, Digest digest) {
    return repositoryDir(repository)
        .resolve("_manifests")
        .resolve("revisions")
        .resolve(digest.algorithm())
        .resolve(digest.hex());
  }

  private Path tagPath(String repository, String tag) {
    checkTag(tag);
    return repositoryDir(repository).resolve("_manifests").resolve("tags").resolve(tag);
  }

  private Optional<Digest> resolveTagFile(String repository, String tag) {
    try {
      return Optional.of(Digest.parse(Files.readString(tagPath(repository, tag)).strip()));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private Optional<List<String>> readRevision(String repository, Digest digest) {
    try {
      return Optional.of(Files.readAllLines(revisionPath(repository, digest)));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private Path sessionDir(String repository, String uploadId) throws IOException {
    checkName(repository);
    if (uploadId == null || !UPLOAD_ID.matcher(uploadId).matches()) {
      throw new UploadUnknownException("no upload session " + uploadId);
    }
    Path dir = uploads.resolve(uploadId);
    try {
      List<String> session = Files.readAllLines(dir.resolve("session"));
      if (session.isEmpty() || !session.get(0).equals(repository)) {
        throw new UploadUnknownException("no upload session " + uploadId + " in " + repository);
      }
    } catch (NoSuchFileException e) {
      throw new UploadUnknownException("no upload session " + uploadId);
    }
    return dir;
  }

  private static Instant startedAt(Path sessionDir) throws IOException {
    List<String> session = Files.readAllLines(sessionDir.resolve("session"));
    return Instant.ofEpochMilli(Long.parseLong(session.get(1).strip()));
  }

  private Object sessionLock(String uploadId) {
    return sessionLocks.computeIfAbsent(uploadId, id -> new Object());
  }

  private void discardSession(String uploadId, Path dir) throws IOException {
    hashers.remove(uploadId);
    Files.deleteIfExists(dir.resolve("data"));
    Files.deleteIfExists(dir.resolve("session"));
    Files.deleteIfExists(dir);
    sessionLocks.remove(uploadId);
  }

  /** Makes verified bytes visible as a blob; callers hold the shared lock. */
  private void publish(Path verified, Digest digest) throws IOException {
    Path target = blobPath(digest);
    Files.createDirectories(target.getParent());
    try {
      Files.createLink(target, verified);
      blobCount.incrementAndGet();
    } catch (FileAlreadyExistsException e) {
      touch(target);
    } catch (UnsupportedOperationException | FileSystemException e) {
      boolean existed = Files.exists(target);
      Path copy = uploads.resolve(".tmp-" + UUID.randomUUID());
      Files.copy(verified, copy);
      try {
        Files.move(copy, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException notAtomic) {
        Files.move(copy, target, StandardCopyOption.REPLACE_EXISTING);
      }
      if (!existed) {
        blobCount.incrementAndGet();
      }
    }
  }

  private Path writeTemp(byte[] content) throws IOException {
    Path temp = uploads.resolve(".tmp-" + UUID.randomUUID());
    try (FileChannel channel =
        FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer buffer = ByteBuffer.wrap(content);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    }
    return temp;
  }

  private void writeAtomically(Path target, byte[] content) throws IOException {
    Files.createDirectories(target.getParent());
    Path temp = writeTemp(content);
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static void createEmpty(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    try {
      Files.createFile(file);
    } catch (FileAlreadyExistsException e) {
      // Already linked.
    }
  }

  private static void touch(Path file) throws IOException {
    try {
      Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
    } catch (NoSuchFileException e) {
      // Deleted meanwhile; the caller checks existence again where it matters.
    }
  }

  private static Digest hashFile(Path file, String algorithm) throws IOException {
    MessageDigest md = Digest.newMessageDigest(algorithm);
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[BUFFER];
      int n;
      while ((n = in.read(buffer)) > 0) {
        md.update(buffer, 0, n);
      }
    }
    return new Digest(algorithm, HexFormat.of().formatHex(md.digest()));
  }

  private static MessageDigest cloneOf(MessageDigest digest) {
    try {
      return (MessageDigest) digest.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("the JDK's SHA-256 cannot be cloned", e);
    }
  }

  private static void checkName(String repository) {
    if (repository == null || !NAME.matcher(repository).matches()) {
      throw new IllegalArgumentException("invalid repository name: " + repository);
    }
  }

  private static void checkTag(String tag) {
    if (!TAG.matcher(tag).matches()) {
      throw new IllegalArgumentException("invalid tag: " + tag);
    }
  }
}
