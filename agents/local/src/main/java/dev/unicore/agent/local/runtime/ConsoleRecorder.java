package dev.unicore.agent.local.runtime;

import dev.unicore.buildtool.run.ConsoleMarkers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.OptionalInt;

/**
 * Records one instance's console across its runs: a ring of the last {@code tailBytes} bytes (the
 * report's console tail), a log file bounded to about twice {@code logBytes} ({@code console.log}
 * is moved to {@code console.log.1} when it reaches the limit, replacing the older one), and the
 * core's markers of the current run. The agent's own notes go into both, as {@code [agent] …}
 * lines, so a report explains a failure without the agent's log.
 *
 * <p>Thread-safety: every method is synchronized; the console reader writes, the reporter reads. A
 * line longer than the line buffer is cut there for marker recognition (markers are short); the
 * bytes still reach the tail and the log whole.
 */
final class ConsoleRecorder implements AutoCloseable {
  private static final int MAX_LINE = 8192;

  private final byte[] tail;
  private int tailStart;
  private int tailLength;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private final Path log;
  private final long logBytes;
  private OutputStream logOutput;
  private long logWritten;
  private boolean logBroken;
  private boolean started;
  private OptionalInt exitStatus = OptionalInt.empty();

  ConsoleRecorder(int tailBytes, Path log, long logBytes) {
    this.tail = new byte[tailBytes];
    this.log = log;
    this.logBytes = logBytes;
  }

  /** Forgets the markers of the previous run; the tail and the log go on. */
  synchronized void newRun() {
    started = false;
    exitStatus = OptionalInt.empty();
    line.reset();
  }

  /** Console bytes as they come; returns true when this chunk completed the start marker line. */
  synchronized boolean accept(byte[] bytes, int offset, int count) {
    boolean sawStart = false;
    appendTail(bytes, offset, count);
    appendLog(bytes, offset, count);
    for (int index = offset; index < offset + count; index++) {
      byte value = bytes[index];
      if (value == '\n') {
        sawStart |= endLine();
      } else if (line.size() < MAX_LINE) {
        line.write(value);
      }
    }
    return sawStart;
  }

  /** The end of the run's output: a last unfinished line still counts. */
  synchronized boolean finish() {
    return line.size() > 0 && endLine();
  }

  /** Adds one of the agent's own lines. */
  synchronized void note(String message) {
    byte[] bytes = ("[agent] " + message + "\n").getBytes(StandardCharsets.UTF_8);
    if (line.size() > 0) {
      byte[] newline = {'\n'};
      appendTail(newline, 0, 1);
      appendLog(newline, 0, 1);
      endLine();
    }
    appendTail(bytes, 0, bytes.length);
    appendLog(bytes, 0, bytes.length);
  }

  synchronized boolean started() {
    return started;
  }

  synchronized OptionalInt exitStatus() {
    return exitStatus;
  }

  /** The last bytes of the console as text (a character cut at the start is replaced). */
  synchronized String tail() {
    byte[] copy = new byte[tailLength];
    int first = Math.min(tailLength, tail.length - tailStart);
    System.arraycopy(tail, tailStart, copy, 0, first);
    System.arraycopy(tail, 0, copy, first, tailLength - first);
    return new String(copy, StandardCharsets.UTF_8);
  }

  @Override
  public synchronized void close() {
    closeLog();
  }

  private boolean endLine() {
    String text = line.toString(StandardCharsets.UTF_8);
    line.reset();
    OptionalInt status = ConsoleMarkers.exitStatus(text);
    if (status.isPresent()) {
      exitStatus = status;
    }
    if (!started && ConsoleMarkers.isStart(text)) {
      started = true;
      return true;
    }
    return false;
  }

  private void appendTail(byte[] bytes, int offset, int count) {
    if (count >= tail.length) {
      System.arraycopy(bytes, offset + count - tail.length, tail, 0, tail.length);
      tailStart = 0;
      tailLength = tail.length;
      return;
    }
    for (int index = 0; index < count; index++) {
      int position = (tailStart + tailLength) % tail.length;
      tail[position] = bytes[offset + index];
      if (tailLength < tail.length) {
        tailLength++;
      } else {
        tailStart = (tailStart + 1) % tail.length;
      }
    }
  }

  private void appendLog(byte[] bytes, int offset, int count) {
    if (logBroken) {
      return;
    }
    try {
      if (logOutput == null) {
        Files.createDirectories(log.getParent());
        logOutput =
            Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        logWritten = Files.size(log);
      }
      if (logWritten + count > logBytes && logWritten > 0) {
        closeLog();
        Files.move(
            log, log.resolveSibling(log.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
        logOutput = Files.newOutputStream(log, StandardOpenOption.CREATE_NEW);
        logWritten = 0;
      }
      logOutput.write(bytes, offset, count);
      logOutput.flush();
      logWritten += count;
    } catch (IOException e) {
      // The log is a convenience; the tail still holds the console. Stop trying.
      logBroken = true;
      closeLog();
    }
  }

  private void closeLog() {
    if (logOutput != null) {
      try {
        logOutput.close();
      } catch (IOException e) {
        // Nothing left to save.
      }
      logOutput = null;
    }
  }
}
