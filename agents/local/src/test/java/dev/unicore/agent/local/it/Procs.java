package dev.unicore.agent.local.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Looks for processes in {@code /proc}, the kernel's own list, not the JVM's view of it. */
final class Procs {
  private Procs() {}

  /** The pids of live processes (not zombies) whose command line contains {@code fragment}. */
  static List<Long> withArgument(String fragment) throws IOException {
    List<Long> pids = new ArrayList<>();
    try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
      for (Path entry : (Iterable<Path>) entries::iterator) {
        String name = entry.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        try {
          String commandLine =
              new String(Files.readAllBytes(entry.resolve("cmdline")), StandardCharsets.UTF_8)
                  .replace('\0', ' ');
          String stat = Files.readString(entry.resolve("stat"));
          char state = stat.charAt(stat.lastIndexOf(')') + 2);
          if (commandLine.contains(fragment) && state != 'Z') {
            pids.add(Long.parseLong(name));
          }
        } catch (IOException e) {
          // The process ended while we looked.
        }
      }
    }
    return pids;
  }

  static boolean alive(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
    } catch (IOException e) {
      return false;
    }
  }
}
