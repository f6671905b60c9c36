package dev.unicore.registry.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DigestTest {
  @Test
  void parsesAndPrintsSha256AndSha512() {
    Digest digest = Digest.sha256("abc".getBytes(StandardCharsets.UTF_8));
    assertThat(digest)
        .hasToString("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(Digest.parse(digest.toString())).isEqualTo(digest);
    assertThat(Digest.of("sha512", new byte[0]).hex()).hasSize(128);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "md5:9a0364b9e99bb480dd25e1f0284c8555",
        "sha256:BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD",
        "sha256:abc",
        "sha256",
        "sha256:../../etc/passwd",
        ""
      })
  void refusesUnknownAlgorithmsAndMalformedHashes(String text) {
    assertThatThrownBy(() -> Digest.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }
}
