package dev.unicore.registry.clients;

import java.io.IOException;
import java.nio.file.Path;

/** Lets tests of other packages write the multi-architecture layout. */
public final class OciLayoutsAccess {
  private OciLayoutsAccess() {}

  public static String multiArchitecture(Path layout, Path work) throws IOException {
    return OciLayouts.multiArchitecture(layout, work);
  }
}
