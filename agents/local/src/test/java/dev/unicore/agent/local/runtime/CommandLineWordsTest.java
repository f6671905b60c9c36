package dev.unicore.agent.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommandLineWordsTest {
  @Test
  void splitsOnSpacesTabsAndNewlinesLikeTheCore() {
    assertThat(CommandLineWords.split(" a  b\tc\nd ")).containsExactly("a", "b", "c", "d");
  }

  @Test
  void doubleQuotesGroupWordsAndAreRemoved() {
    assertThat(CommandLineWords.split("\"a b\"c \"\" --exit=3"))
        .containsExactly("a bc", "", "--exit=3");
  }

  @Test
  void anEmptyCommandLineHasNoArguments() {
    assertThat(CommandLineWords.split("")).isEmpty();
    assertThat(CommandLineWords.split("   ")).isEmpty();
  }
}
