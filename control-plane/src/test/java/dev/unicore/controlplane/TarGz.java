package dev.unicore.controlplane;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Builds tar.gz archives for upload tests: files by path and content, and symbolic links. */
public final class TarGz {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final TarArchiveOutputStream tar;

  public TarGz() {
    try {
      tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes));
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public TarGz file(String path, String content) {
    byte[] data = content.getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry entry = new TarArchiveEntry(path, true);
    entry.setSize(data.length);
    entry.setMode(0644);
    try {
      tar.putArchiveEntry(entry);
      tar.write(data);
      tar.closeArchiveEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  public TarGz symlink(String path, String target) {
    TarArchiveEntry entry = new TarArchiveEntry(path, TarConstants.LF_SYMLINK, true);
    entry.setLinkName(target);
    try {
      tar.putArchiveEntry(entry);
      tar.closeArchiveEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  public byte[] bytes() {
    try {
      tar.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** A minimal application folder: src/main.c printing one line. */
  public static byte[] helloApplication() {
    return new TarGz()
        .file("src/main.c", "#include <stdio.h>\nint main(void) { printf(\"up\\n\"); return 0; }\n")
        .bytes();
  }
}
