package dev.unicore.registry.gc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unicore.registry.storage.Digest;
import dev.unicore.registry.storage.Storage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GarbageCollectorTest {
  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  private static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";

  @TempDir Path root;
  private Storage storage;
  private GarbageCollector collector;

  @BeforeEach
  void setUp() throws IOException {
    storage = Storage.filesystem(root);
    collector =
        new GarbageCollector(
            storage,
            new GcProperties(Duration.ofHours(1), Duration.ofHours(24)),
            Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @Test
  void removesOnlyOldUnreferencedBlobsAndADryRunRemovesNothing() throws IOException {
    Digest config = push("app", "{}", NOW.minus(Duration.ofDays(2)));
    Digest layer = push("app", "layer", NOW.minus(Duration.ofDays(2)));
    Digest orphan = push("app", "orphan", NOW.minus(Duration.ofDays(2)));
    Digest fresh = push("app", "fresh", NOW.minus(Duration.ofMinutes(5)));
    Digest manifest = manifest("app", config, layer);

    GcReport dry = collector.collect(true);
    assertThat(dry.removedBlobs()).containsExactly(orphan.toString());
    assertThat(dry.keptInGracePeriod()).isEqualTo(1);
    assertThat(storage.blobSize(orphan)).isPresent();

    GcReport real = collector.collect(false);
    assertThat(real.removedBlobs()).containsExactly(orphan.toString());
    assertThat(real.bytesFreed()).isEqualTo("orphan".length());
    assertThat(storage.blobSize(orphan)).isEmpty();
    assertThat(storage.isLinked("app", orphan)).isFalse();
    for (Digest kept : new Digest[] {config, layer, fresh, manifest}) {
      assertThat(storage.blobSize(kept)).as(kept.toString()).isPresent();
    }
  }

  @Test
  void blobsOfADeletedManifestBecomeGarbage() throws IOException {
    Digest config = push("app", "{}", NOW.minus(Duration.ofDays(2)));
    Digest layer = push("app", "layer", NOW.minus(Duration.ofDays(2)));
    Digest manifest = manifest("app", config, layer);
    Files.setLastModifiedTime(blobFile(manifest), FileTime.from(NOW.minus(Duration.ofDays(2))));
    storage.deleteManifest("app", manifest);

    assertThat(collector.collect(false).removedBlobs())
        .containsExactlyInAnyOrder(config.toString(), layer.toString(), manifest.toString());
    assertThat(storage.blobCount()).isZero();
  }

  @Test
  void aPushWaitsForARunningCollection() throws Exception {
    Digest layer = push("app", "layer", NOW.minus(Duration.ofDays(2)));
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Void> gc =
        CompletableFuture.runAsync(
            () -> {
              try {
                storage.exclusive(
                    () -> {
                      inside.countDown();
                      try {
                        release.await(5, TimeUnit.SECONDS);
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                      return null;
                    });
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Boolean> link =
        CompletableFuture.supplyAsync(() -> linkQuietly("other", layer));
    Thread.sleep(200);
    assertThat(link).as("the link waits for the collection").isNotDone();
    release.countDown();
    gc.get(5, TimeUnit.SECONDS);
    assertThat(link.get(5, TimeUnit.SECONDS)).isTrue();
  }

  private boolean linkQuietly(String repository, Digest digest) {
    try {
      return storage.link(repository, digest);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private Digest push(String repository, String text, Instant touched) throws IOException {
    byte[] content = text.getBytes(StandardCharsets.UTF_8);
    Digest digest = Digest.sha256(content);
    String id = storage.startUpload(repository);
    storage.appendUpload(repository, id, 0, new ByteArrayInputStream(content), 1024);
    storage.commitUpload(repository, id, digest);
    Files.setLastModifiedTime(blobFile(digest), FileTime.from(touched));
    return digest;
  }

  private Digest manifest(String repository, Digest config, Digest layer) throws IOException {
    byte[] content =
        ("{\"schemaVersion\":2,\"config\":{\"mediaType\":\"application/x\",\"digest\":\""
                + config
                + "\",\"size\":2},\"layers\":[{\"mediaType\":\"application/x\",\"digest\":\""
                + layer
                + "\",\"size\":5}]}")
            .getBytes(StandardCharsets.UTF_8);
    Digest digest = Digest.sha256(content);
    storage.putManifest(repository, digest, content, MANIFEST, "latest", null);
    return digest;
  }

  private Path blobFile(Digest digest) {
    return storage.localBlobFile(digest).orElseThrow();
  }
}
