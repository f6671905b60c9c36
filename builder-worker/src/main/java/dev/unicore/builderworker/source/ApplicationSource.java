package dev.unicore.builderworker.source;

import dev.unicore.source.SourceArchive;
import dev.unicore.source.UnsafeArchiveException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Puts a task's application sources into its fresh application folder: either a copy of an example
 * application of the worker's unikernel tree, or an uploaded archive the control plane handed out.
 *
 * <p>An uploaded archive is untrusted: it must hash to the digest the lease names (so what is built
 * is what the recipe was checked against), and {@link SourceArchive} checks it whole before a
 * single file is written — absolute paths, {@code ..}, links and device files refuse it, and
 * extraction never follows a link. A refused archive leaves the application folder absent.
 */
public final class ApplicationSource {
  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

  private ApplicationSource() {}

  /** The sources were refused; the message says why, one reason per entry, joined by "; ". */
  public static final class RefusedSourceException extends Exception {
    private static final long serialVersionUID = 1L;

    RefusedSourceException(List<String> reasons) {
      super(String.join("; ", reasons));
    }
  }

  /**
   * Copies the application folder {@code from} to {@code to} except build outputs ({@code build/})
   * and anything that is neither a folder nor a regular file.
   */
  public static void copyExample(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path file : (Iterable<Path>) walk::iterator) {
        Path relative = from.relativize(file);
        if (relative.startsWith("build")) {
          continue;
        }
        Path copy = to.resolve(relative.toString());
        if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
          Files.createDirectories(copy);
        } else if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
          Files.copy(file, copy, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  /**
   * Checks {@code archive} against {@code digest} and as a whole, then extracts it into {@code to},
   * which must not exist yet (its parent must). The archive's root is the application folder: it
   * must hold {@code src/}.
   *
   * @throws RefusedSourceException when the digest does not match, the archive is unsafe or holds
   *     no {@code src/}; nothing is written then
   */
  public static void unpack(byte[] archive, String digest, Path to)
      throws IOException, RefusedSourceException {
    if (digest == null || !DIGEST.matcher(digest).matches()) {
      throw new RefusedSourceException(
          List.of("the source digest `" + digest + "` is not sha256:<64 hex digits>"));
    }
    String actual = "sha256:" + HexFormat.of().formatHex(sha256(archive));
    if (!actual.equals(digest)) {
      throw new RefusedSourceException(
          List.of(
              "the downloaded source archive hashes to "
                  + actual
                  + ", not to the recipe's "
                  + digest));
    }
    SourceArchive checked;
    try {
      checked = SourceArchive.read(new ByteArrayInputStream(archive), SourceArchive.Limits.DEFAULT);
    } catch (UnsafeArchiveException e) {
      throw new RefusedSourceException(
          e.problems().stream().map(problem -> "unsafe source archive: " + problem).toList());
    }
    boolean hasSources =
        checked.entries().stream()
            .anyMatch(entry -> !entry.directory() && entry.path().startsWith("src/"));
    if (!hasSources) {
      throw new RefusedSourceException(
          List.of("the source archive holds no src/ files at its root"));
    }
    Files.createDirectory(to);
    checked.extract(to);
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
