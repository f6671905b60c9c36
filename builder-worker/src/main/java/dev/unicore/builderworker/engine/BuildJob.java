package dev.unicore.builderworker.engine;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * What one sandboxed build does: the plan the control plane resolved (libraries in initialization
 * order, with versions and option values), where the sources are, where the kernel goes, and
 * whether to smoke-boot it. The worker writes it as a properties file into the task folder; the
 * sandboxed engine ({@link SandboxedBuild}) reads it back. The file holds no credentials.
 *
 * <p>Option values keep their type through the file: {@code b:} boolean, {@code i:} integer, {@code
 * s:} string.
 *
 * @param unikernelRoot the {@code unikernel/} tree holding the Makefile and the libraries
 * @param outputDirectory the folder the kernel is built into
 * @param applicationName the application's name
 * @param applicationDirectory the task's private copy of the application's sources
 * @param commandLine the default command line compiled into the image
 * @param target {@code platform/architecture}
 * @param jobs compiler processes make may run at once
 * @param libraries the resolved libraries, in initialization order
 * @param smokeBoot true to boot the kernel after building it
 * @param smokeTimeout how long the smoke boot may take to reach the start marker and stop
 * @param outcomeFile where the engine writes its {@link BuildOutcome}
 */
public record BuildJob(
    Path unikernelRoot,
    Path outputDirectory,
    String applicationName,
    Path applicationDirectory,
    String commandLine,
    String target,
    int jobs,
    List<Library> libraries,
    boolean smokeBoot,
    Duration smokeTimeout,
    Path outcomeFile) {

  public BuildJob {
    Objects.requireNonNull(unikernelRoot);
    Objects.requireNonNull(outputDirectory);
    Objects.requireNonNull(applicationName);
    Objects.requireNonNull(applicationDirectory);
    Objects.requireNonNull(commandLine);
    Objects.requireNonNull(target);
    libraries = List.copyOf(libraries);
    Objects.requireNonNull(smokeTimeout);
    Objects.requireNonNull(outcomeFile);
  }

  /**
   * One library of the plan.
   *
   * @param name the library's name
   * @param version the version the control plane resolved
   * @param reason why the resolver selected it, as the control plane words it
   * @param options every option value: {@link Boolean}, {@link Long} or {@link String}
   */
  public record Library(String name, String version, String reason, Map<String, Object> options) {
    public Library {
      Objects.requireNonNull(name);
      Objects.requireNonNull(version);
      Objects.requireNonNull(reason);
      options = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }
  }

  public void write(Path file) throws IOException {
    Properties properties = new Properties();
    properties.setProperty("unikernel-root", unikernelRoot.toString());
    properties.setProperty("output-directory", outputDirectory.toString());
    properties.setProperty("application.name", applicationName);
    properties.setProperty("application.directory", applicationDirectory.toString());
    properties.setProperty("command-line", commandLine);
    properties.setProperty("target", target);
    properties.setProperty("jobs", Integer.toString(jobs));
    properties.setProperty("smoke-boot", Boolean.toString(smokeBoot));
    properties.setProperty("smoke-timeout-millis", Long.toString(smokeTimeout.toMillis()));
    properties.setProperty("outcome-file", outcomeFile.toString());
    properties.setProperty("libraries", Integer.toString(libraries.size()));
    for (int index = 0; index < libraries.size(); index++) {
      Library library = libraries.get(index);
      String prefix = "library." + index + ".";
      properties.setProperty(prefix + "name", library.name());
      properties.setProperty(prefix + "version", library.version());
      properties.setProperty(prefix + "reason", library.reason());
      properties.setProperty(prefix + "options", Integer.toString(library.options().size()));
      int optionIndex = 0;
      for (Map.Entry<String, Object> option : library.options().entrySet()) {
        String optionPrefix = prefix + "option." + optionIndex++ + ".";
        properties.setProperty(optionPrefix + "name", option.getKey());
        properties.setProperty(optionPrefix + "value", encode(option.getValue()));
      }
    }
    try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      properties.store(writer, "Unicore sandboxed build job");
    }
  }

  public static BuildJob read(Path file) throws IOException {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    }
    List<Library> libraries = new ArrayList<>();
    int count = Integer.parseInt(required(properties, "libraries"));
    for (int index = 0; index < count; index++) {
      String prefix = "library." + index + ".";
      Map<String, Object> options = new LinkedHashMap<>();
      int optionCount = Integer.parseInt(required(properties, prefix + "options"));
      for (int optionIndex = 0; optionIndex < optionCount; optionIndex++) {
        String optionPrefix = prefix + "option." + optionIndex + ".";
        options.put(
            required(properties, optionPrefix + "name"),
            decode(required(properties, optionPrefix + "value")));
      }
      libraries.add(
          new Library(
              required(properties, prefix + "name"),
              required(properties, prefix + "version"),
              required(properties, prefix + "reason"),
              options));
    }
    return new BuildJob(
        Path.of(required(properties, "unikernel-root")),
        Path.of(required(properties, "output-directory")),
        required(properties, "application.name"),
        Path.of(required(properties, "application.directory")),
        required(properties, "command-line"),
        required(properties, "target"),
        Integer.parseInt(required(properties, "jobs")),
        libraries,
        Boolean.parseBoolean(required(properties, "smoke-boot")),
        Duration.ofMillis(Long.parseLong(required(properties, "smoke-timeout-millis"))),
        Path.of(required(properties, "outcome-file")));
  }

  static String encode(Object value) {
    if (value instanceof Boolean bool) {
      return "b:" + bool;
    }
    if (value instanceof Long number) {
      return "i:" + number;
    }
    if (value instanceof String text) {
      return "s:" + text;
    }
    throw new IllegalArgumentException(
        "option value " + value + " is neither a boolean, an integer nor a string");
  }

  static Object decode(String text) {
    if (text.startsWith("b:")) {
      return Boolean.parseBoolean(text.substring(2));
    }
    if (text.startsWith("i:")) {
      return Long.parseLong(text.substring(2));
    }
    if (text.startsWith("s:")) {
      return text.substring(2);
    }
    throw new IllegalArgumentException("malformed option value in a build job: " + text);
  }

  private static String required(Properties properties, String key) throws IOException {
    String value = properties.getProperty(key);
    if (value == null) {
      throw new IOException("the build job has no `" + key + "`");
    }
    return value;
  }
}
