package dev.unicore.builderworker.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a POSIX ustar archive, gzip-compressed, the way an OCI layer is stored. Every entry has
 * owner 0:0 and time 0, and gzip's header carries no time or name, so the same files always give
 * the same bytes and the same digest: a rebuilt layer is a blob the registry already has.
 */
final class TarWriter {
  private static final int BLOCK = 512;

  private final ByteArrayOutputStream compressed = new ByteArrayOutputStream();
  private final ByteArrayOutputStream uncompressed = new ByteArrayOutputStream();
  private final OutputStream gzip;

  TarWriter() {
    try {
      gzip = new GZIPOutputStream(compressed);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void directory(String name) {
    entry(name.endsWith("/") ? name : name + "/", 0755, '5', new byte[0]);
  }

  void file(String name, int mode, byte[] content) {
    entry(name, mode, '0', content);
  }

  /** Ends the archive; returns the gzip bytes and the digest of the plain tar (the diff id). */
  Layer finish() {
    write(new byte[2 * BLOCK]);
    try {
      gzip.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Layer(compressed.toByteArray(), Blob.sha256(uncompressed.toByteArray()));
  }

  record Layer(byte[] gzip, String diffId) {}

  private void entry(String name, int mode, char type, byte[] content) {
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    if (nameBytes.length > 100) {
      throw new IllegalArgumentException("tar entry name longer than 100 bytes: " + name);
    }
    byte[] header = new byte[BLOCK];
    System.arraycopy(nameBytes, 0, header, 0, nameBytes.length);
    octal(header, 100, 8, mode);
    octal(header, 108, 8, 0);
    octal(header, 116, 8, 0);
    octal(header, 124, 12, content.length);
    octal(header, 136, 12, 0);
    header[156] = (byte) type;
    ascii(header, 257, "ustar\0");
    ascii(header, 263, "00");
    ascii(header, 265, "root");
    ascii(header, 297, "root");
    // The checksum is computed with its own field read as eight spaces.
    for (int index = 148; index < 156; index++) {
      header[index] = ' ';
    }
    long sum = 0;
    for (byte b : header) {
      sum += b & 0xff;
    }
    String checksum = String.format("%06o", sum);
    ascii(header, 148, checksum);
    header[154] = 0;
    header[155] = ' ';
    write(header);
    write(content);
    int padding = (BLOCK - content.length % BLOCK) % BLOCK;
    write(new byte[padding]);
  }

  private void write(byte[] bytes) {
    try {
      gzip.write(bytes);
      uncompressed.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void octal(byte[] header, int offset, int length, long value) {
    String digits = Long.toOctalString(value);
    String padded = "0".repeat(length - 1 - digits.length()) + digits;
    ascii(header, offset, padded);
    header[offset + length - 1] = 0;
  }

  private static void ascii(byte[] header, int offset, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(bytes, 0, header, offset, bytes.length);
  }
}
