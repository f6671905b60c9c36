package dev.unicore.agent.local.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unicore.agent.local.files.Trees;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Pulls images and keeps their kernels, one folder per image digest and platform under the agent's
 * data directory: {@code <dir>/<hex>-<platform>/kernel} (mode 755), {@code kernel.sha256} (the
 * kernel's own digest, checked again before every use, so a cache changed on disk is noticed and
 * pulled anew) and {@code image.json} (where it came from).
 *
 * <p>A pull follows DESIGN.md's image layout, the builder worker's: the manifest by digest
 * (verified); an index is narrowed to the manifest whose {@code dev.unicore.platform} annotation
 * (or, lacking it, whose OCI platform) matches; the config (verified; {@code os: linux} and the
 * host's architecture, {@code amd64}); each layer (verified, tar or gzip tar); the kernel is the
 * file the urunc key {@code com.urunc.unikernel.binary} names (manifest annotation, config label,
 * or {@code /urunc.json} in the layer, base64), else the layer's only {@code *.elf} file. It must
 * be an ELF file. Everything is written to a temporary folder and renamed into place, so a cache
 * folder is either whole or absent.
 *
 * <p>Thread-safety: pulls of one image and platform are serialized by a per-key lock; different
 * images pull in parallel.
 */
public final class ImageStore implements KernelSource {
  private static final Pattern PLATFORM = Pattern.compile("[a-z][a-z0-9-]*");
  private static final String BINARY_KEY = "com.urunc.unikernel.binary";
  private static final String PLATFORM_KEY = "dev.unicore.platform";
  private static final String ARCHITECTURE = "amd64";
  private static final int MAX_SMALL_FILE = 1 << 20;

  private final RegistryClient registry;
  private final Path directory;
  private final ObjectMapper json = new ObjectMapper();
  private final Map<String, Object> locks = new ConcurrentHashMap<>();

  public ImageStore(RegistrySettings settings, Path directory) {
    this.registry = new RegistryClient(settings);
    this.directory = directory;
  }

  /** Deletes the temporary folders of pulls an earlier, killed run of the agent left behind. */
  public ImageStore removeUnfinishedPulls() {
    if (Files.isDirectory(directory)) {
      try (Stream<Path> entries = Files.list(directory)) {
        entries
            .filter(path -> path.getFileName().toString().startsWith(".pull-"))
            .forEach(Trees::delete);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + directory, e);
      }
    }
    return this;
  }

  @Override
  public Path kernel(String repository, String digest, String platform) throws ImageException {
    String hex = RegistryClient.hex(digest);
    if (!PLATFORM.matcher(platform).matches()) {
      throw ImageException.refused("platform `" + platform + "` is not a platform name");
    }
    String key = hex + "-" + platform;
    synchronized (locks.computeIfAbsent(key, unused -> new Object())) {
      Path entry = directory.resolve(key);
      Path kernel = entry.resolve("kernel");
      try {
        if (Files.isRegularFile(kernel) && intact(entry)) {
          return kernel;
        }
        Files.createDirectories(directory);
        Path work = Files.createTempDirectory(directory, ".pull-");
        try {
          pull(repository, digest, platform, work);
          Trees.delete(entry);
          try {
            Files.move(work, entry, StandardCopyOption.ATOMIC_MOVE);
          } catch (AtomicMoveNotSupportedException e) {
            Files.move(work, entry);
          }
        } finally {
          Trees.delete(work);
        }
        return kernel;
      } catch (IOException e) {
        throw ImageException.unavailable(
            "cannot write the image cache under " + directory + ": " + e, e);
      }
    }
  }

  private boolean intact(Path entry) throws IOException {
    Path sum = entry.resolve("kernel.sha256");
    if (!Files.isRegularFile(sum)) {
      return false;
    }
    String expected = Files.readString(sum, StandardCharsets.UTF_8).strip();
    return expected.equals(RegistryClient.sha256(Files.readAllBytes(entry.resolve("kernel"))));
  }

  private void pull(String repository, String digest, String platform, Path work)
      throws ImageException, IOException {
    RegistryClient.Manifest manifest = registry.manifest(repository, digest);
    JsonNode document = parse(manifest.bytes(), "manifest " + digest);
    if (document.has("manifests")) {
      String chosen = choose(document, platform, digest);
      manifest = registry.manifest(repository, chosen);
      document = parse(manifest.bytes(), "manifest " + chosen);
    }
    if (!document.has("layers") || !document.has("config")) {
      throw ImageException.refused(
          "manifest " + manifest.digest() + " is not an image manifest (no config or layers)");
    }
    String annotatedPlatform = document.path("annotations").path(PLATFORM_KEY).asText("");
    if (!annotatedPlatform.isEmpty() && !annotatedPlatform.equals(platform)) {
      throw ImageException.refused(
          "image "
              + manifest.digest()
              + " is built for platform "
              + annotatedPlatform
              + ", the instance asks for "
              + platform);
    }

    Path configFile = work.resolve("config.json");
    String configDigest = document.path("config").path("digest").asText("");
    registry.blob(repository, configDigest, configFile);
    JsonNode config = parse(readSmall(configFile, "config " + configDigest), "config");
    String os = config.path("os").asText("linux");
    String architecture = config.path("architecture").asText(ARCHITECTURE);
    if (!os.equals("linux") || !architecture.equals(ARCHITECTURE)) {
      throw ImageException.refused(
          "image "
              + manifest.digest()
              + " is for "
              + os
              + "/"
              + architecture
              + "; this agent runs linux/"
              + ARCHITECTURE);
    }
    Files.delete(configFile);

    String binary = document.path("annotations").path(BINARY_KEY).asText("");
    if (binary.isEmpty()) {
      binary = config.path("config").path("Labels").path(BINARY_KEY).asText("");
    }

    List<Path> layers = new ArrayList<>();
    int number = 0;
    for (JsonNode layer : document.get("layers")) {
      Path file = work.resolve("layer-" + number++);
      registry.blob(repository, layer.path("digest").asText(""), file);
      layers.add(file);
    }
    if (binary.isEmpty()) {
      binary = fromUruncJson(layers).orElse("");
    }
    Path kernel = work.resolve("kernel");
    String wanted = normalize(binary);
    Predicate<String> isKernel =
        wanted.isEmpty() ? name -> name.endsWith(".elf") : name -> name.equals(wanted);
    List<String> found = new ArrayList<>();
    for (Path layer : layers) {
      extract(layer, isKernel, kernel, found);
    }
    if (found.isEmpty()) {
      throw ImageException.refused(
          "image "
              + manifest.digest()
              + " holds no kernel"
              + (wanted.isEmpty()
                  ? " (no *.elf file and no " + BINARY_KEY + ")"
                  : " at /" + wanted));
    }
    if (wanted.isEmpty() && found.stream().distinct().count() > 1) {
      throw ImageException.refused(
          "image " + manifest.digest() + " holds several kernels and names none: " + found);
    }
    byte[] head = new byte[4];
    try (InputStream input = Files.newInputStream(kernel)) {
      if (input.readNBytes(head, 0, 4) != 4
          || head[0] != 0x7f
          || head[1] != 'E'
          || head[2] != 'L'
          || head[3] != 'F') {
        throw ImageException.refused(
            "the kernel of image "
                + manifest.digest()
                + " (/"
                + found.get(0)
                + ") is not an ELF file");
      }
    }
    for (Path layer : layers) {
      Files.delete(layer);
    }
    Files.setPosixFilePermissions(kernel, PosixFilePermissions.fromString("r-xr-xr-x"));
    Files.writeString(
        work.resolve("kernel.sha256"), RegistryClient.sha256(Files.readAllBytes(kernel)) + "\n");
    Files.write(
        work.resolve("image.json"),
        json.writeValueAsBytes(
            Map.of(
                "repository", repository,
                "digest", digest,
                "manifest", manifest.digest(),
                "platform", platform,
                "kernel", "/" + found.get(found.size() - 1))));
    Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** The manifest of an index for the platform: by Unicore's annotation, else the OCI platform. */
  private static String choose(JsonNode index, String platform, String digest)
      throws ImageException {
    List<String> offered = new ArrayList<>();
    for (JsonNode entry : index.get("manifests")) {
      String entryPlatform = entry.path("annotations").path(PLATFORM_KEY).asText("");
      String architecture = entry.path("platform").path("architecture").asText(ARCHITECTURE);
      offered.add((entryPlatform.isEmpty() ? "?" : entryPlatform) + "/" + architecture);
      if (entryPlatform.equals(platform) && architecture.equals(ARCHITECTURE)) {
        return entry.path("digest").asText("");
      }
    }
    throw ImageException.refused(
        "index "
            + digest
            + " has no image for "
            + platform
            + "/"
            + ARCHITECTURE
            + " (it has: "
            + String.join(", ", offered)
            + ")");
  }

  private Optional<String> fromUruncJson(List<Path> layers) throws IOException, ImageException {
    List<String> found = new ArrayList<>();
    Path file = layers.isEmpty() ? null : layers.get(0).resolveSibling("urunc.json");
    for (Path layer : layers) {
      extract(layer, name -> name.equals("urunc.json"), file, found);
    }
    if (found.isEmpty()) {
      return Optional.empty();
    }
    JsonNode urunc = parse(readSmall(file, "/urunc.json"), "/urunc.json");
    Files.delete(file);
    String encoded = urunc.path(BINARY_KEY).asText("");
    try {
      return Optional.of(new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw ImageException.refused("/urunc.json holds a " + BINARY_KEY + " that is not base64");
    }
  }

  /**
   * Copies the regular files of a layer whose normalized name passes {@code wanted} to {@code
   * target} (a later one replaces an earlier one, as layers stack), recording their names.
   */
  private static void extract(Path layer, Predicate<String> wanted, Path target, List<String> found)
      throws IOException, ImageException {
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(layer));
        TarArchiveInputStream tar = new TarArchiveInputStream(decompressed(raw))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        String name = normalize(entry.getName());
        if (entry.isFile() && wanted.test(name)) {
          Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
          found.add(name);
        }
      }
    } catch (IOException e) {
      throw ImageException.refused("a layer is not a readable tar archive: " + e.getMessage());
    }
  }

  private static InputStream decompressed(InputStream raw) throws IOException {
    raw.mark(2);
    int first = raw.read();
    int second = raw.read();
    raw.reset();
    return first == 0x1f && second == 0x8b ? new GZIPInputStream(raw, 65536) : raw;
  }

  private static String normalize(String name) {
    String result = name;
    while (result.startsWith("./") || result.startsWith("/")) {
      result = result.startsWith("./") ? result.substring(2) : result.substring(1);
    }
    return result;
  }

  private JsonNode parse(byte[] bytes, String what) throws ImageException {
    try {
      return json.readTree(bytes);
    } catch (IOException e) {
      throw ImageException.refused(what + " is not JSON: " + e.getMessage());
    }
  }

  private static byte[] readSmall(Path file, String what) throws IOException, ImageException {
    if (Files.size(file) > MAX_SMALL_FILE) {
      throw ImageException.refused(what + " is larger than " + MAX_SMALL_FILE + " bytes");
    }
    return Files.readAllBytes(file);
  }
}
