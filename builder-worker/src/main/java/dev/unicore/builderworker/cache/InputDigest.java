package dev.unicore.builderworker.cache;

import dev.unicore.builderworker.engine.BuildJob;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The digest of everything a build's output depends on: the plan (target, libraries with versions
 * and options, command line), the sources that make compiles (the application's, each library
 * folder of the plan, and the core's Makefile, scripts, headers and architecture code), the
 * uploaded source archive's digest when the application comes from one, and the toolchain's
 * versions. Two builds with the same digest produce the same kernel, so the second reuses the
 * first. Build output folders ({@code build/}) inside the tree are skipped.
 */
public final class InputDigest {
  /** Bump when the worker changes what it does with the same inputs. */
  private static final String FORMAT = "unicore-builder-worker inputs 2";

  private InputDigest() {}

  /** The digest of the plan alone: what the image calls its recipe digest. */
  public static String ofPlan(String recipe, int recipeVersion, BuildJob job) {
    MessageDigest digest = sha256();
    update(digest, "recipe " + recipe + "@" + recipeVersion);
    updatePlan(digest, job);
    return "sha256:" + HexFormat.of().formatHex(digest.digest());
  }

  /**
   * The cache key of a build job.
   *
   * @param sourceDigest the uploaded source archive the application comes from, or null for an
   *     example application of the unikernel tree
   */
  public static String of(
      BuildJob job,
      Path unikernelRoot,
      Path applicationSource,
      String sourceDigest,
      String toolchain) {
    MessageDigest digest = sha256();
    update(digest, FORMAT);
    update(digest, "toolchain " + toolchain);
    update(digest, "source " + (sourceDigest == null ? "example" : sourceDigest));
    updatePlan(digest, job);
    List<Path> folders = new ArrayList<>();
    folders.add(unikernelRoot.resolve("Makefile"));
    folders.add(unikernelRoot.resolve("scripts"));
    folders.add(unikernelRoot.resolve("include"));
    folders.add(unikernelRoot.resolve("arch"));
    for (BuildJob.Library library : job.libraries()) {
      Path lib = unikernelRoot.resolve("lib").resolve(library.name());
      folders.add(
          Files.isDirectory(lib) ? lib : unikernelRoot.resolve("plat").resolve(library.name()));
    }
    for (Path folder : folders) {
      updateTree(digest, unikernelRoot, folder);
    }
    update(digest, "application");
    updateTree(digest, applicationSource, applicationSource);
    return HexFormat.of().formatHex(digest.digest());
  }

  private static void updatePlan(MessageDigest digest, BuildJob job) {
    update(digest, "target " + job.target());
    update(digest, "application " + job.applicationName());
    update(digest, "command-line " + job.commandLine());
    for (BuildJob.Library library : job.libraries()) {
      update(digest, "library " + library.name() + "@" + library.version());
      for (Map.Entry<String, Object> option : library.options().entrySet()) {
        update(digest, "  option " + option.getKey() + "=" + option.getValue());
      }
    }
  }

  private static void updateTree(MessageDigest digest, Path root, Path start) {
    if (!Files.exists(start)) {
      update(digest, "missing " + root.relativize(start));
      return;
    }
    try (Stream<Path> walk = Files.walk(start)) {
      List<Path> files =
          walk.filter(Files::isRegularFile)
              .filter(file -> !root.relativize(file).toString().matches("(.*/)?build/.*"))
              .sorted()
              .toList();
      for (Path file : files) {
        update(digest, "file " + root.relativize(file) + " " + Files.isExecutable(file));
        digest.update(Files.readAllBytes(file));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + start + " for the build cache key", e);
    }
  }

  private static void update(MessageDigest digest, String text) {
    digest.update(text.getBytes(StandardCharsets.UTF_8));
    digest.update((byte) 0);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
