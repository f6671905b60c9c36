package dev.unicore.buildtool.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ConsoleMarkersTest {
  @Test
  void recognizesTheStartMarkerWithOrWithoutCarriageReturn() {
    assertThat(ConsoleMarkers.isStart("UNICORE:START app=hello plat=qemu arch=x86_64")).isTrue();
    assertThat(ConsoleMarkers.isStart("UNICORE:START app=hello plat=qemu arch=x86_64\r")).isTrue();
    assertThat(ConsoleMarkers.isStart("echo UNICORE:START app=hello plat=qemu")).isFalse();
    assertThat(ConsoleMarkers.isStart("UNICORE:START")).isFalse();
  }

  @Test
  void readsTheStatusOfTheExitMarker() {
    assertThat(ConsoleMarkers.exitStatus("UNICORE:EXIT status=0")).isEqualTo(OptionalInt.of(0));
    assertThat(ConsoleMarkers.exitStatus("UNICORE:EXIT status=255\r"))
        .isEqualTo(OptionalInt.of(255));
    assertThat(ConsoleMarkers.exitStatus("UNICORE:EXIT status=-1")).isEqualTo(OptionalInt.of(-1));
    assertThat(ConsoleMarkers.exitStatus("UNICORE:EXIT status=")).isEmpty();
    assertThat(ConsoleMarkers.exitStatus("UNICORE:EXIT status=99999999999")).isEmpty();
    assertThat(ConsoleMarkers.exitStatus("app says UNICORE:EXIT status=3")).isEmpty();
  }
}
