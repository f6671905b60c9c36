package dev.unicore.registry.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unicore.registry.distribution.RegistryPath.Route;
import org.junit.jupiter.api.Test;

class RegistryPathTest {
  @Test
  void splitsEveryRouteWithSlashesInNames() {
    assertThat(RegistryPath.parse("/v2/")).hasValue(new RegistryPath(Route.BASE, null, null));
    assertThat(RegistryPath.parse("/v2/_catalog"))
        .hasValue(new RegistryPath(Route.CATALOG, null, null));
    assertThat(RegistryPath.parse("/v2/a/b/c/manifests/latest"))
        .hasValue(new RegistryPath(Route.MANIFEST, "a/b/c", "latest"));
    assertThat(RegistryPath.parse("/v2/a/blobs/sha256:00"))
        .hasValue(new RegistryPath(Route.BLOB, "a", "sha256:00"));
    assertThat(RegistryPath.parse("/v2/a/b/blobs/uploads/"))
        .hasValue(new RegistryPath(Route.UPLOADS, "a/b", null));
    assertThat(RegistryPath.parse("/v2/a/b/blobs/uploads/id"))
        .hasValue(new RegistryPath(Route.UPLOAD, "a/b", "id"));
    assertThat(RegistryPath.parse("/v2/a/tags/list"))
        .hasValue(new RegistryPath(Route.TAGS, "a", null));
    assertThat(RegistryPath.parse("/v2/a/referrers/sha256:00"))
        .hasValue(new RegistryPath(Route.REFERRERS, "a", "sha256:00"));
    assertThat(RegistryPath.parse("/v2/a/unknown")).isEmpty();
    assertThat(RegistryPath.parse("/v3/")).isEmpty();
  }

  @Test
  void keepsDotSegmentsSoThatTheNameCheckRefusesThem() {
    RegistryPath path = RegistryPath.parse("/v2/a/%2e%2e/b/manifests/x").orElseThrow();
    assertThat(path.repository()).isEqualTo("a/../b");
    assertThat(RegistryPath.isValidName(path.repository())).isFalse();
  }

  @Test
  void checksNamesAndTagsAgainstTheSpecGrammar() {
    assertThat(RegistryPath.isValidName("library/ubuntu")).isTrue();
    assertThat(RegistryPath.isValidName("a__b/c-d.e---f")).isTrue();
    assertThat(RegistryPath.isValidName("a___b")).isFalse();
    assertThat(RegistryPath.isValidName("Upper")).isFalse();
    assertThat(RegistryPath.isValidName("a/")).isFalse();
    assertThat(RegistryPath.isValidName("..")).isFalse();
    assertThat(RegistryPath.isValidName("a".repeat(256))).isFalse();
    assertThat(RegistryPath.isValidTag("v1.0_rc-1")).isTrue();
    assertThat(RegistryPath.isValidTag(".hidden")).isFalse();
    assertThat(RegistryPath.isValidTag("t".repeat(129))).isFalse();
  }
}
