package dev.unicore.buildtool.setup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SystemPackagesTest {
  @Test
  void namesTheDebianPackageOfEachMissingCommand() {
    Set<String> present = Set.of("gcc", "make");
    SystemPackages packages =
        new SystemPackages(
            SystemPackages.TESTS, present::contains, new PrintWriter(new StringWriter()));

    assertThat(packages.missingPackages())
        .containsExactly(
            "chromium-driver", "chromium", "clang-format", "qemu-system-x86", "skopeo", "umoci");
  }

  @Test
  void whenNotAllowedToInstallItPrintsTheCommandToRun() throws Exception {
    StringWriter log = new StringWriter();
    SystemPackages packages =
        new SystemPackages(SystemPackages.TESTS, command -> false, new PrintWriter(log));

    assertThat(packages.ensureInstalled(false)).isFalse();
    assertThat(log.toString())
        .contains(
            "missing system packages: chromium-driver chromium clang-format gcc make"
                + " qemu-system-x86 skopeo umoci")
        .contains("fix: sudo apt-get update && sudo apt-get install -y");
  }

  @Test
  void nothingMissingNeedsNothing() throws Exception {
    SystemPackages packages =
        new SystemPackages(
            SystemPackages.TESTS, command -> true, new PrintWriter(new StringWriter()));

    assertThat(packages.ensureInstalled(false)).isTrue();
  }
}
