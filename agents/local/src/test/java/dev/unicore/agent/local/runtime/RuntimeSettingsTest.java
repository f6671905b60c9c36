package dev.unicore.agent.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RuntimeSettingsTest {
  private final RuntimeSettings settings =
      new RuntimeSettings(
          "pc",
          "tcg",
          Duration.ofMillis(500),
          Duration.ofSeconds(30),
          Duration.ofSeconds(10),
          5,
          Duration.ofSeconds(3),
          4096,
          1 << 20,
          true);

  @Test
  void theBackOffDoublesFromItsBaseUpToItsMaximum() {
    assertThat(settings.backoff(1)).isEqualTo(Duration.ofMillis(500));
    assertThat(settings.backoff(2)).isEqualTo(Duration.ofSeconds(1));
    assertThat(settings.backoff(3)).isEqualTo(Duration.ofSeconds(2));
    assertThat(settings.backoff(7)).isEqualTo(Duration.ofSeconds(30));
    assertThat(settings.backoff(1000)).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void restartPoliciesParseTheProtocolsNames() {
    assertThat(RestartPolicy.parse("always")).isEqualTo(RestartPolicy.ALWAYS);
    assertThat(RestartPolicy.parse("on-failure")).isEqualTo(RestartPolicy.ON_FAILURE);
    assertThat(RestartPolicy.parse("never")).isEqualTo(RestartPolicy.NEVER);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> RestartPolicy.parse("sometimes"))
        .hasMessageContaining("unknown restart policy `sometimes`");
  }
}
