package dev.unicore.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The base of the integration tests of the open registry (no authentication): one application on a
 * random port of 127.0.0.1, shared by every subclass, over a fresh storage folder. Limits are
 * lowered so that the size checks can be tested with small bodies.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "server.address=127.0.0.1",
      "unicore.registry.max-manifest-bytes=65536",
      "unicore.registry.max-chunk-bytes=8388608",
      "logging.level.dev.unicore.registry.ops=WARN"
    })
public abstract class RegistryTestSupport {
  protected static final Path STORAGE = createStorage();

  @LocalServerPort protected int port;

  @DynamicPropertySource
  static void storage(DynamicPropertyRegistry registry) {
    registry.add("unicore.registry.storage.root", STORAGE::toString);
  }

  protected RegistryClient client() {
    return new RegistryClient(port);
  }

  /** Every file under the storage's blobs and repositories (what is visible), for comparisons. */
  protected static List<String> visibleFiles() {
    try (Stream<Path> files = Files.walk(STORAGE)) {
      return files
          .filter(Files::isRegularFile)
          .map(STORAGE::relativize)
          .map(Path::toString)
          .filter(name -> !name.startsWith("uploads"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path createStorage() {
    try {
      return Files.createTempDirectory("registry-it-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
