package dev.unicore.agent.local.image;

import java.nio.file.Path;

/** Where instances get their kernel: pulled, verified and unpacked once per image. */
public interface KernelSource {
  /**
   * The kernel of an image, ready to boot (an executable file the caller must not change).
   *
   * @param repository the image's repository in the registry
   * @param digest the digest of an image manifest, or of an index holding one per platform
   * @param platform the platform the instance runs on; an index is narrowed to its image
   * @throws ImageException when the image cannot be had now ({@link ImageException#refused()}
   *     false: try again later) or never ({@link ImageException#refused()} true: a digest mismatch,
   *     an image for another platform or architecture, a layer without a kernel)
   */
  Path kernel(String repository, String digest, String platform) throws ImageException;
}
