package dev.unicore.agent.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleRecorderTest {
  @TempDir Path directory;

  private static boolean feed(ConsoleRecorder recorder, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return recorder.accept(bytes, 0, bytes.length);
  }

  @Test
  void recognizesTheStartMarkerSplitAcrossChunksAndTheExitStatus() {
    ConsoleRecorder recorder = new ConsoleRecorder(64, directory.resolve("console.log"), 1024);

    assertThat(feed(recorder, "boot\nUNICORE:START app=hello pl")).isFalse();
    assertThat(feed(recorder, "at=qemu arch=x86_64\nHello\n")).isTrue();
    assertThat(recorder.started()).isTrue();
    feed(recorder, "UNICORE:EXIT status=-3\n");

    assertThat(recorder.exitStatus()).hasValue(-3);
    recorder.newRun();
    assertThat(recorder.started()).isFalse();
    assertThat(recorder.exitStatus()).isEmpty();
  }

  @Test
  void theTailKeepsOnlyTheLastBytes() {
    ConsoleRecorder recorder = new ConsoleRecorder(16, directory.resolve("console.log"), 1024);
    feed(recorder, "0123456789");
    feed(recorder, "abcdefghij");

    assertThat(recorder.tail()).isEqualTo("456789abcdefghij");
    feed(recorder, "x".repeat(40) + "END");
    assertThat(recorder.tail()).isEqualTo("xxxxxxxxxxxxxEND");
  }

  @Test
  void theAgentsNotesStartALineOfTheirOwn() {
    ConsoleRecorder recorder = new ConsoleRecorder(256, directory.resolve("console.log"), 1024);
    feed(recorder, "half a line");
    recorder.note("exited with status 1");

    assertThat(recorder.tail()).isEqualTo("half a line\n[agent] exited with status 1\n");
  }

  @Test
  void theLogIsRotatedAtItsLimitKeepingOneOlderFile() throws Exception {
    Path log = directory.resolve("console.log");
    ConsoleRecorder recorder = new ConsoleRecorder(64, log, 100);
    for (int line = 0; line < 50; line++) {
      feed(recorder, "line " + line + " of the console\n");
    }
    recorder.close();

    assertThat(Files.size(log)).isLessThanOrEqualTo(100);
    assertThat(Files.size(directory.resolve("console.log.1"))).isLessThanOrEqualTo(100);
    assertThat(Files.readString(log)).endsWith("line 49 of the console\n");
    try (var files = Files.list(directory)) {
      assertThat(files).hasSize(2);
    }
  }
}
