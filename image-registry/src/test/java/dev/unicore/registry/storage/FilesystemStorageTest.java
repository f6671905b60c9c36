package dev.unicore.registry.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesystemStorageTest {
  private static final byte[] CONTENT = "layer bytes".getBytes(StandardCharsets.UTF_8);
  private static final Digest DIGEST = Digest.sha256(CONTENT);

  @TempDir Path root;

  @Test
  void aVerifiedUploadBecomesAVisibleLinkedBlob() throws IOException {
    Storage storage = Storage.filesystem(root);
    String id = storage.startUpload("app");
    storage.appendUpload("app", id, 0, new ByteArrayInputStream(CONTENT), 1024);

    assertThat(storage.commitUpload("app", id, DIGEST)).isEqualTo(CONTENT.length);

    assertThat(storage.isLinked("app", DIGEST)).isTrue();
    assertThat(storage.isLinked("other", DIGEST)).isFalse();
    assertThat(storage.readBlob(DIGEST)).isEqualTo(CONTENT);
    assertThat(storage.blobCount()).isEqualTo(1);
    assertThatThrownBy(() -> storage.uploadStatus("app", id))
        .isInstanceOf(UploadUnknownException.class);
  }

  @Test
  void aDigestMismatchLeavesNothingVisibleAndEndsTheSession() throws IOException {
    Storage storage = Storage.filesystem(root);
    String id = storage.startUpload("app");
    storage.appendUpload("app", id, -1, new ByteArrayInputStream(CONTENT), 1024);
    Digest other = Digest.sha256("other".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> storage.commitUpload("app", id, other))
        .isInstanceOf(DigestMismatchException.class);

    assertThat(storage.blobSize(other)).isEmpty();
    assertThat(storage.blobSize(DIGEST)).isEmpty();
    assertThat(storage.blobCount()).isZero();
    assertThat(filesUnder(root.resolve("uploads"))).isEmpty();
  }

  @Test
  void concurrentPushesOfOneBlobLeaveOneIntactCopy() throws Exception {
    Storage storage = Storage.filesystem(root);
    byte[] big = new byte[3 * 1024 * 1024 + 17];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) (i * 31);
    }
    Digest digest = Digest.sha256(big);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Long>> pushes = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String repository = "app" + i;
        Callable<Long> push =
            () -> {
              String id = storage.startUpload(repository);
              storage.appendUpload(repository, id, 0, new ByteArrayInputStream(big), big.length);
              return storage.commitUpload(repository, id, digest);
            };
        pushes.add(pool.submit(push));
      }
      for (Future<Long> push : pushes) {
        assertThat(push.get()).isEqualTo(big.length);
      }
    } finally {
      pool.shutdown();
    }
    assertThat(storage.blobCount()).isEqualTo(1);
    assertThat(storage.readBlob(digest)).isEqualTo(big);
    for (int i = 0; i < 8; i++) {
      assertThat(storage.isLinked("app" + i, digest)).isTrue();
    }
  }

  @Test
  void anInterruptedChunkIsDroppedAndNothingBecomesVisible() throws IOException {
    Storage storage = Storage.filesystem(root);
    String id = storage.startUpload("app");
    storage.appendUpload("app", id, 0, new ByteArrayInputStream(CONTENT), 1024);
    InputStream broken =
        new InputStream() {
          private int sent;

          @Override
          public int read() throws IOException {
            if (sent++ > 2_000_000) {
              throw new IOException("connection reset");
            }
            return 'x';
          }
        };

    assertThatThrownBy(() -> storage.appendUpload("app", id, -1, broken, Long.MAX_VALUE))
        .hasMessage("connection reset");

    assertThat(storage.uploadStatus("app", id).size()).isEqualTo(CONTENT.length);
    assertThat(storage.listBlobs()).isEmpty();
    assertThat(storage.repositoryExists("app")).isFalse();
    // The session stays resumable: the rest of the blob can still follow and verify.
    storage.appendUpload("app", id, CONTENT.length, InputStream.nullInputStream(), 0);
    assertThat(storage.commitUpload("app", id, DIGEST)).isEqualTo(CONTENT.length);
  }

  @Test
  void chunksMustArriveInOrderAndWithinTheLimit() throws IOException {
    Storage storage = Storage.filesystem(root);
    String id = storage.startUpload("app");
    assertThatThrownBy(
            () -> storage.appendUpload("app", id, 5, new ByteArrayInputStream(CONTENT), 1024))
        .isInstanceOf(UploadOffsetException.class);
    assertThatThrownBy(
            () -> storage.appendUpload("app", id, 0, new ByteArrayInputStream(CONTENT), 4))
        .isInstanceOf(TooLargeException.class);
    assertThat(storage.uploadStatus("app", id).size()).isZero();
  }

  @Test
  void aSessionSurvivesARestartAndIsVerifiedFromItsFile() throws IOException {
    Storage first = Storage.filesystem(root);
    String id = first.startUpload("app");
    first.appendUpload("app", id, 0, new ByteArrayInputStream(CONTENT), 1024);

    Storage second = Storage.filesystem(root);
    assertThat(second.uploadStatus("app", id).size()).isEqualTo(CONTENT.length);
    assertThat(second.commitUpload("app", id, DIGEST)).isEqualTo(CONTENT.length);
    assertThat(Storage.filesystem(root).blobCount()).isEqualTo(1);
  }

  @Test
  void sessionsBelongToTheirRepositoryAndStalOnesArePurged() throws IOException {
    Storage storage = Storage.filesystem(root);
    String id = storage.startUpload("app");
    assertThatThrownBy(() -> storage.uploadStatus("other", id))
        .isInstanceOf(UploadUnknownException.class);
    assertThatThrownBy(() -> storage.uploadStatus("app", "../../blobs"))
        .isInstanceOf(UploadUnknownException.class);

    assertThat(storage.purgeUploads(Instant.now().plusSeconds(1))).isEqualTo(1);
    assertThat(filesUnder(root.resolve("uploads"))).isEmpty();
  }

  @Test
  void manifestsTagsAndReferrersAreStoredAndDeletedTogether() throws IOException {
    Storage storage = Storage.filesystem(root);
    byte[] subjectBytes = "{\"subject\":true}".getBytes(StandardCharsets.UTF_8);
    Digest subject = Digest.sha256(subjectBytes);
    byte[] referrerBytes = "{\"referrer\":true}".getBytes(StandardCharsets.UTF_8);
    Digest referrer = Digest.sha256(referrerBytes);
    storage.putManifest("app", subject, subjectBytes, "application/x-a", "latest", null);
    storage.putManifest("app", referrer, referrerBytes, "application/x-b", "sig", subject);

    assertThat(storage.resolveTag("app", "latest")).hasValue(subject);
    assertThat(storage.listTags("app")).containsExactly("latest", "sig");
    assertThat(storage.listReferrers("app", subject)).containsExactly(referrer);
    assertThat(storage.manifestMediaType("app", referrer)).hasValue("application/x-b");
    assertThat(storage.listRepositories()).containsExactly("app");

    assertThat(storage.deleteManifest("app", referrer)).isTrue();
    assertThat(storage.listReferrers("app", subject)).isEmpty();
    assertThat(storage.listTags("app")).containsExactly("latest");
    assertThat(storage.deleteManifest("app", referrer)).isFalse();
  }

  @Test
  void namesThatCouldEscapeTheRootAreRefused() throws IOException {
    Storage storage = Storage.filesystem(root);
    for (String name : new String[] {"../escape", "a/../../b", "/abs", "A", "a//b"}) {
      assertThatThrownBy(() -> storage.startUpload(name))
          .as(name)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> storage.deleteTag("app", "../x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static List<Path> filesUnder(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).toList();
    }
  }
}
