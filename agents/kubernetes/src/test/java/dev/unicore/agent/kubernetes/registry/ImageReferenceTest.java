package dev.unicore.agent.kubernetes.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ImageReferenceTest {
  private static final String HOST = "registry.unicore.svc:5000";
  private static final String DIGEST = "sha256:" + "ab".repeat(32);

  @Test
  void aRepositoryWithoutTagMeansLatest() {
    ImageReference image = ImageReference.parse("unicore/hello", HOST).reference().orElseThrow();
    assertThat(image).isEqualTo(new ImageReference("unicore/hello", "latest", null));
    assertThat(image.reference()).isEqualTo("latest");
  }

  @Test
  void thePlatformRegistrysHostMayPrefixTheRepository() {
    assertThat(ImageReference.parse(HOST + "/unicore/hello:2", HOST).reference())
        .contains(new ImageReference("unicore/hello", "2", null));
  }

  @Test
  void aDigestIsAskedForAsItIs() {
    ImageReference image =
        ImageReference.parse("unicore/hello@" + DIGEST, HOST).reference().orElseThrow();
    assertThat(image.reference()).isEqualTo(DIGEST);
    assertThat(image.tag()).isNull();
  }

  @Test
  void anotherRegistryIsRefusedByName() {
    assertThat(ImageReference.parse("docker.io/library/nginx:1", HOST).error())
        .isEqualTo(
            "image `docker.io/library/nginx:1` is not in the platform registry "
                + HOST
                + "; push it there");
    assertThat(ImageReference.parse("localhost/x:1", HOST).error()).contains("not in the platform");
  }

  @Test
  void malformedReferencesNameTheirFault() {
    assertThat(ImageReference.parse("", HOST).error()).isEqualTo("`image` is empty");
    assertThat(ImageReference.parse("Unicore/Hello:1", HOST).error())
        .contains("invalid repository name `Unicore/Hello`");
    assertThat(ImageReference.parse("unicore/hello:-bad", HOST).error())
        .contains("invalid tag `-bad`");
    assertThat(ImageReference.parse("unicore/hello@sha256:beef", HOST).error())
        .contains("invalid digest");
  }
}
