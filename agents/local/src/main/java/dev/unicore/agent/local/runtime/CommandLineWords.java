package dev.unicore.agent.local.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a deployment's command line into arguments the way the core splits its own (see "Command
 * line" in {@code unikernel/README.md}): words separated by spaces, tabs and newlines; double
 * quotes group words and are removed ({@code "a b"c} is {@code a bc}, {@code ""} an empty
 * argument); no escapes. The same arguments then reach a linuxu process as its argv and a QEMU
 * guest through {@code -append}, so both platforms see one command line alike.
 */
final class CommandLineWords {
  private CommandLineWords() {}

  static List<String> split(String commandLine) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    boolean quoted = false;
    for (int index = 0; index < commandLine.length(); index++) {
      char character = commandLine.charAt(index);
      if (character == '"') {
        quoted = !quoted;
        inWord = true;
      } else if (!quoted && (character == ' ' || character == '\t' || character == '\n')) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(character);
        inWord = true;
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }
}
