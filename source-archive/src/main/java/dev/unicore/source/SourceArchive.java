package dev.unicore.source;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * An application's source as a gzip-compressed tar archive, checked whole before anything is
 * written. Only directories and regular files are allowed, each under a relative path without
 * {@code ..}; links, devices and FIFOs are refused, as are archives above the limits. {@link
 * #extract} writes into an empty directory and never follows a link, so even a directory that
 * changes while it runs cannot send a file outside.
 */
public final class SourceArchive {
  private final byte[] compressed;
  private final List<Entry> entries;

  private SourceArchive(byte[] compressed, List<Entry> entries) {
    this.compressed = compressed;
    this.entries = entries;
  }

  /** What an archive may hold at most. */
  public record Limits(long maxCompressedBytes, long maxExpandedBytes, int maxEntries) {
    /** 16 MiB compressed, 128 MiB expanded, 10,000 entries: generous for application sources. */
    public static final Limits DEFAULT = new Limits(16L << 20, 128L << 20, 10_000);
  }

  /** One accepted entry: a normalized relative path, and for files their size and mode. */
  public record Entry(String path, boolean directory, long size, boolean executable) {}

  /**
   * Reads and checks a whole archive.
   *
   * @throws UnsafeArchiveException naming every refused entry, or why the archive is unreadable
   */
  public static SourceArchive read(InputStream input, Limits limits)
      throws IOException, UnsafeArchiveException {
    byte[] compressed =
        input.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limits.maxCompressedBytes() + 1));
    if (compressed.length > limits.maxCompressedBytes()) {
      throw new UnsafeArchiveException(
          List.of("the archive is larger than " + limits.maxCompressedBytes() + " bytes"));
    }
    List<String> problems = new ArrayList<>();
    List<Entry> entries = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    long expanded = 0;
    try (TarArchiveInputStream tar = open(compressed)) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        if (entries.size() + problems.size() >= limits.maxEntries()) {
          problems.add("the archive has more than " + limits.maxEntries() + " entries");
          break;
        }
        String name = entry.getName();
        String problem = refusal(entry);
        String path = problem == null ? normalize(name) : null;
        if (problem == null && path == null) {
          problem = "`" + name + "`: the path is absolute or leaves the archive's directory (..)";
        }
        if (problem == null && !seen.add(path)) {
          problem = "`" + name + "`: appears twice";
        }
        if (problem != null) {
          problems.add(problem);
          continue;
        }
        if (!path.isEmpty()) {
          expanded += entry.isDirectory() ? 0 : entry.getSize();
          entries.add(
              new Entry(path, entry.isDirectory(), entry.getSize(), (entry.getMode() & 0100) != 0));
        }
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new UnsafeArchiveException(List.of("not a readable tar.gz archive: " + e.getMessage()));
    }
    if (expanded > limits.maxExpandedBytes()) {
      problems.add(
          "the archive expands to "
              + expanded
              + " bytes, more than the limit of "
              + limits.maxExpandedBytes());
    }
    if (!problems.isEmpty()) {
      throw new UnsafeArchiveException(problems);
    }
    return new SourceArchive(compressed, List.copyOf(entries));
  }

  public List<Entry> entries() {
    return entries;
  }

  /** The archive's bytes as uploaded. */
  public byte[] bytes() {
    return compressed.clone();
  }

  /**
   * Writes the archive's directories and files under {@code directory}, which must exist and be
   * empty. Parents are created as needed; executable bits are kept; nothing else is.
   */
  public void extract(Path directory) throws IOException {
    Path root = directory.toRealPath();
    try (var listing = Files.list(root)) {
      if (listing.findAny().isPresent()) {
        throw new IOException(root + " is not empty");
      }
    }
    try (TarArchiveInputStream tar = open(compressed)) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        String path = normalize(entry.getName());
        if (path == null || path.isEmpty()) {
          continue;
        }
        Path target = root.resolve(path).normalize();
        if (!target.startsWith(root)) {
          throw new IOException("`" + entry.getName() + "` leaves " + root);
        }
        createDirectories(root, entry.isDirectory() ? target : target.getParent());
        if (entry.isDirectory()) {
          continue;
        }
        try (OutputStream out =
            Files.newOutputStream(
                target,
                StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
          tar.transferTo(out);
        }
        Set<PosixFilePermission> mode =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        if ((entry.getMode() & 0100) != 0) {
          mode.add(PosixFilePermission.OWNER_EXECUTE);
        }
        Files.setPosixFilePermissions(target, mode);
      }
    }
  }

  /** Creates each missing directory from root down, refusing to pass through a link. */
  private static void createDirectories(Path root, Path directory) throws IOException {
    Path current = root;
    for (Path part : root.relativize(directory)) {
      current = current.resolve(part);
      if (Files.isSymbolicLink(current)) {
        throw new IOException(current + " is a symbolic link");
      }
      if (!Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectory(current);
      }
    }
  }

  private static TarArchiveInputStream open(byte[] compressed) throws IOException {
    return new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(compressed)));
  }

  /** Why an entry's kind is refused, or null when it is a directory or a regular file. */
  private static String refusal(TarArchiveEntry entry) {
    String name = "`" + entry.getName() + "`: ";
    if (entry.isSymbolicLink()) {
      return name + "symbolic links are not allowed (to `" + entry.getLinkName() + "`)";
    }
    if (entry.isLink()) {
      return name + "hard links are not allowed (to `" + entry.getLinkName() + "`)";
    }
    if (entry.isCharacterDevice() || entry.isBlockDevice()) {
      return name + "device files are not allowed";
    }
    if (entry.isFIFO()) {
      return name + "FIFOs are not allowed";
    }
    if (!entry.isDirectory() && !entry.isFile()) {
      return name + "only directories and regular files are allowed";
    }
    return null;
  }

  /**
   * The entry's path relative to the archive root ({@code ./} prefixes and trailing slashes
   * dropped), or null when it is absolute or any segment is {@code ..}.
   */
  static String normalize(String name) {
    if (name.startsWith("/") || name.contains("\\") || name.indexOf('\0') >= 0) {
      return null;
    }
    List<String> kept = new ArrayList<>();
    for (String segment : name.split("/")) {
      if (segment.equals("..")) {
        return null;
      }
      if (!segment.isEmpty() && !segment.equals(".")) {
        kept.add(segment);
      }
    }
    return String.join("/", kept);
  }
}
