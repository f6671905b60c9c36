package dev.unicore.builderworker.cache;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Kernels built earlier, by {@link InputDigest}: {@code <root>/<key>/kernel} and {@code
 * entry.properties} (the smoke boot's verdict and note). An entry appears with one atomic rename of
 * a complete folder, so a reader never sees half an entry and two workers storing the same key keep
 * the first. Only the worker's user can read the folder (mode 700); builds never see it. There is
 * no eviction yet: entries are small (tens of KiB) and the folder can be emptied at any time.
 */
public final class BuildCache {
  private static final Pattern KEY = Pattern.compile("[0-9a-f]{64}");

  private final Path root;

  public BuildCache(Path root) throws IOException {
    this.root = root;
    Files.createDirectories(root);
    Files.setPosixFilePermissions(
        root, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
  }

  /** A cached build. */
  public record Entry(Path kernel, String bootVerdict, String bootNote) {}

  public Optional<Entry> lookup(String key) {
    Path folder = root.resolve(checked(key));
    Path kernel = folder.resolve("kernel");
    Path properties = folder.resolve("entry.properties");
    if (!Files.isRegularFile(kernel) || !Files.isRegularFile(properties)) {
      return Optional.empty();
    }
    Properties values = new Properties();
    try (Reader reader = Files.newBufferedReader(properties, StandardCharsets.UTF_8)) {
      values.load(reader);
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.of(
        new Entry(kernel, values.getProperty("boot", ""), values.getProperty("boot-note", "")));
  }

  /** Stores a kernel under {@code key}; does nothing when the key is already there. */
  public void store(String key, Path kernel, String bootVerdict, String bootNote)
      throws IOException {
    Path folder = root.resolve(checked(key));
    if (Files.isDirectory(folder)) {
      return;
    }
    Path staging = Files.createTempDirectory(root, ".staging-");
    try {
      Files.copy(kernel, staging.resolve("kernel"));
      Properties values = new Properties();
      values.setProperty("boot", bootVerdict);
      values.setProperty("boot-note", bootNote);
      try (Writer writer =
          Files.newBufferedWriter(staging.resolve("entry.properties"), StandardCharsets.UTF_8)) {
        values.store(writer, "Unicore build cache entry");
      }
      Files.move(staging, folder, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
      deleteTree(staging);
    } catch (IOException e) {
      deleteTree(staging);
      if (!Files.isDirectory(folder)) {
        throw e;
      }
    }
  }

  private static String checked(String key) {
    if (!KEY.matcher(key).matches()) {
      throw new IllegalArgumentException("not a cache key: " + key);
    }
    return key;
  }

  private static void deleteTree(Path folder) {
    try (Stream<Path> walk = Files.walk(folder)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // Best effort: a stale staging folder is harmless.
    }
  }
}
