package dev.unicore.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceArchiveTest {
  @TempDir Path temporary;

  @Test
  void aPlainArchiveExtractsWithItsFilesAndExecutableBits() throws Exception {
    byte[] archive =
        tarGz(
            directory("./app/"),
            file("./app/recipe.toml", "targets = []\n", 0644),
            file("app/src/main.c", "int main(void) { return 0; }\n", 0644),
            file("app/run.sh", "#!/bin/sh\n", 0755));
    Path out = Files.createDirectory(temporary.resolve("out"));

    SourceArchive source =
        SourceArchive.read(new ByteArrayInputStream(archive), SourceArchive.Limits.DEFAULT);
    source.extract(out);

    assertThat(source.entries())
        .extracting(SourceArchive.Entry::path)
        .containsExactly("app", "app/recipe.toml", "app/src/main.c", "app/run.sh");
    assertThat(out.resolve("app/src/main.c")).hasContent("int main(void) { return 0; }");
    assertThat(Files.isExecutable(out.resolve("app/run.sh"))).isTrue();
    assertThat(Files.isExecutable(out.resolve("app/recipe.toml"))).isFalse();
    assertThat(source.bytes()).isEqualTo(archive);
  }

  @Test
  void everyEscapeIsRefusedByNameAndNothingIsWritten() throws Exception {
    byte[] archive =
        tarGz(
            file("ok.c", "x", 0644),
            file("../../etc/x", "owned", 0644),
            file("/etc/passwd", "owned", 0644),
            file("src/../../up.c", "owned", 0644),
            link("escape", "/etc", TarConstants.LF_SYMLINK),
            link("hard", "/etc/shadow", TarConstants.LF_LINK),
            device("tty"),
            file("ok.c", "again", 0644));

    assertThatThrownBy(
            () ->
                SourceArchive.read(new ByteArrayInputStream(archive), SourceArchive.Limits.DEFAULT))
        .isInstanceOfSatisfying(
            UnsafeArchiveException.class,
            refused ->
                assertThat(refused.problems())
                    .containsExactly(
                        "`../../etc/x`: the path is absolute or leaves the archive's directory (..)",
                        "`/etc/passwd`: the path is absolute or leaves the archive's directory (..)",
                        "`src/../../up.c`: the path is absolute or leaves the archive's directory (..)",
                        "`escape`: symbolic links are not allowed (to `/etc`)",
                        "`hard`: hard links are not allowed (to `/etc/shadow`)",
                        "`tty`: device files are not allowed",
                        "`ok.c`: appears twice"));
    try (var listing = Files.list(temporary)) {
      assertThat(listing).isEmpty();
    }
  }

  @Test
  void limitsAndUnreadableInputAreRefused() throws Exception {
    SourceArchive.Limits small = new SourceArchive.Limits(1 << 20, 100, 3);
    byte[] big = tarGz(file("a", "x".repeat(101), 0644));
    byte[] many =
        tarGz(
            file("a", "1", 0644), file("b", "2", 0644), file("c", "3", 0644), file("d", "4", 0644));

    assertThatThrownBy(() -> SourceArchive.read(new ByteArrayInputStream(big), small))
        .hasMessage("the archive expands to 101 bytes, more than the limit of 100");
    assertThatThrownBy(() -> SourceArchive.read(new ByteArrayInputStream(many), small))
        .hasMessage("the archive has more than 3 entries");
    assertThatThrownBy(
            () ->
                SourceArchive.read(
                    new ByteArrayInputStream(big), new SourceArchive.Limits(10, 1 << 20, 10)))
        .hasMessage("the archive is larger than 10 bytes");
    assertThatThrownBy(
            () ->
                SourceArchive.read(
                    new ByteArrayInputStream("plain text".getBytes(StandardCharsets.UTF_8)),
                    SourceArchive.Limits.DEFAULT))
        .isInstanceOf(UnsafeArchiveException.class)
        .hasMessageStartingWith("not a readable tar.gz archive");
  }

  @Test
  void extractionNeedsAnEmptyDirectory() throws Exception {
    SourceArchive source =
        SourceArchive.read(
            new ByteArrayInputStream(tarGz(file("a.c", "x", 0644))), SourceArchive.Limits.DEFAULT);
    Files.writeString(temporary.resolve("already"), "here");

    assertThatThrownBy(() -> source.extract(temporary)).hasMessageContaining("is not empty");
    assertThat(temporary.resolve("a.c")).doesNotExist();
  }

  @Test
  void pathsAreNormalizedOrRefused() {
    assertThat(SourceArchive.normalize("./a//b/./c/")).isEqualTo("a/b/c");
    assertThat(SourceArchive.normalize("a/../b")).isNull();
    assertThat(SourceArchive.normalize("/a")).isNull();
    assertThat(SourceArchive.normalize("a\\..\\b")).isNull();
  }

  private interface Writer {
    void write(TarArchiveOutputStream tar) throws IOException;
  }

  private static byte[] tarGz(Writer... entries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (Writer entry : entries) {
        entry.write(tar);
      }
    }
    return bytes.toByteArray();
  }

  private static Writer file(String name, String content, int mode) {
    return tar -> {
      byte[] data = content.getBytes(StandardCharsets.UTF_8);
      TarArchiveEntry entry = new TarArchiveEntry(name, true);
      entry.setSize(data.length);
      entry.setMode(mode);
      tar.putArchiveEntry(entry);
      tar.write(data);
      tar.closeArchiveEntry();
    };
  }

  private static Writer directory(String name) {
    return tar -> {
      tar.putArchiveEntry(new TarArchiveEntry(name, true));
      tar.closeArchiveEntry();
    };
  }

  private static Writer link(String name, String target, byte kind) {
    return tar -> {
      TarArchiveEntry entry = new TarArchiveEntry(name, kind, true);
      entry.setLinkName(target);
      tar.putArchiveEntry(entry);
      tar.closeArchiveEntry();
    };
  }

  private static Writer device(String name) {
    return tar -> {
      TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_CHR, true);
      entry.setDevMajor(5);
      entry.setDevMinor(0);
      tar.putArchiveEntry(entry);
      tar.closeArchiveEntry();
    };
  }
}
