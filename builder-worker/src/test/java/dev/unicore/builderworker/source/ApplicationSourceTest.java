package dev.unicore.builderworker.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker's source step on hostile archives: refused with every reason, and nothing written
 * anywhere — neither in the task folder nor outside it.
 */
class ApplicationSourceTest {
  @TempDir Path machine;
  private Path taskDirectory;
  private Path application;

  @BeforeEach
  void layOutAWorker() throws IOException {
    Files.createDirectories(machine.resolve("etc"));
    Files.writeString(machine.resolve("etc/passwd"), "root:x:0:0::/root:/bin/sh\n");
    taskDirectory = Files.createDirectories(machine.resolve("work/tasks/task-1"));
    application = Files.createDirectories(taskDirectory.resolve("source")).resolve("app");
  }

  @Test
  void aMaliciousArchiveIsRefusedWithEveryReasonAndNothingIsWritten() throws Exception {
    byte[] archive =
        archive(
            tar -> {
              file(tar, "src/main.c", "int main(void) { return 0; }\n");
              file(tar, "../../etc/x", "escaped by ..\n");
              file(tar, "../../../../../etc/x", "escaped further\n");
              file(tar, machine.resolve("etc/x").toString(), "absolute\n");
              TarArchiveEntry link = new TarArchiveEntry("src/out", TarArchiveEntry.LF_SYMLINK);
              link.setLinkName(machine.resolve("etc").toString());
              tar.putArchiveEntry(link);
              tar.closeArchiveEntry();
              file(tar, "src/out/x", "through the link\n");
            });
    Map<String, String> before = snapshot(machine);

    assertThatThrownBy(() -> ApplicationSource.unpack(archive, digestOf(archive), application))
        .isInstanceOf(ApplicationSource.RefusedSourceException.class)
        .hasMessageContaining("`../../etc/x`: the path is absolute or leaves")
        .hasMessageContaining("`../../../../../etc/x`")
        .hasMessageContaining("`" + machine.resolve("etc/x") + "`")
        .hasMessageContaining("`src/out`: symbolic links are not allowed");

    assertThat(snapshot(machine))
        .as("every file of the machine, task folder included")
        .isEqualTo(before);
    assertThat(application).doesNotExist();
  }

  @Test
  void anArchiveThatDoesNotHashToTheDigestIsRefusedBeforeItIsRead() throws Exception {
    byte[] archive = archive(tar -> file(tar, "src/main.c", "int main(void) { return 0; }\n"));
    String other = digestOf("something else".getBytes(StandardCharsets.UTF_8));
    Map<String, String> before = snapshot(machine);

    assertThatThrownBy(() -> ApplicationSource.unpack(archive, other, application))
        .isInstanceOf(ApplicationSource.RefusedSourceException.class)
        .hasMessageContaining("hashes to " + digestOf(archive))
        .hasMessageContaining("not to the recipe's " + other);
    assertThat(snapshot(machine)).isEqualTo(before);
  }

  @Test
  void anArchiveWithoutSourcesIsRefused() throws Exception {
    byte[] archive = archive(tar -> file(tar, "README.md", "no code\n"));

    assertThatThrownBy(() -> ApplicationSource.unpack(archive, digestOf(archive), application))
        .isInstanceOf(ApplicationSource.RefusedSourceException.class)
        .hasMessageContaining("holds no src/");
    assertThat(application).doesNotExist();
  }

  @Test
  void aSafeArchiveBecomesTheApplicationFolder() throws Exception {
    byte[] archive =
        archive(
            tar -> {
              file(tar, "./src/main.c", "#include <stdio.h>\n");
              file(tar, "src/util/helper.c", "int helper;\n");
            });

    ApplicationSource.unpack(archive, digestOf(archive), application);

    assertThat(application.resolve("src/main.c")).hasContent("#include <stdio.h>");
    assertThat(application.resolve("src/util/helper.c")).hasContent("int helper;");
  }

  @Test
  void anExampleIsCopiedWithoutItsBuildOutputs() throws Exception {
    Path example = Files.createDirectories(machine.resolve("apps/hello/src"));
    Files.writeString(example.resolve("main.c"), "int main(void) { return 0; }\n");
    Files.createDirectories(machine.resolve("apps/hello/build"));
    Files.writeString(machine.resolve("apps/hello/build/hello.elf"), "old kernel");

    ApplicationSource.copyExample(machine.resolve("apps/hello"), application);

    assertThat(application.resolve("src/main.c")).exists();
    assertThat(application.resolve("build")).doesNotExist();
  }

  private interface TarContent {
    void write(TarArchiveOutputStream tar) throws IOException;
  }

  private static byte[] archive(TarContent content) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      content.write(tar);
    }
    return bytes.toByteArray();
  }

  private static void file(TarArchiveOutputStream tar, String name, String text)
      throws IOException {
    byte[] data = text.getBytes(StandardCharsets.UTF_8);
    // true: keep a leading slash, as a hostile archive would have it.
    TarArchiveEntry entry = new TarArchiveEntry(name, true);
    entry.setSize(data.length);
    tar.putArchiveEntry(entry);
    tar.write(data);
    tar.closeArchiveEntry();
  }

  private static String digestOf(byte[] bytes) throws Exception {
    return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  /** Every path under {@code root} with its kind and content. */
  private static Map<String, String> snapshot(Path root) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : (Iterable<Path>) walk::iterator) {
        String kind =
            Files.isSymbolicLink(path)
                ? "link " + Files.readSymbolicLink(path)
                : Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)
                    ? "directory"
                    : "file " + Files.readString(path);
        files.put(root.relativize(path).toString(), kind);
      }
    }
    return files;
  }
}
