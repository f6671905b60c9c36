package dev.unicore.resolver.recipe;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What to build: an application, the libraries it asks for with their option values, the targets
 * and the command line. A recipe says what the application needs; the resolver turns it into one
 * build plan per target.
 *
 * @param file the recipe file, for messages
 * @param applicationName the application's name; names the kernel it becomes
 * @param applicationDirectory the folder of the application's sources ({@code src/})
 * @param applicationRequires APIs or libraries the application calls
 * @param libraries the libraries chosen by name, in file order
 * @param targets the targets to build, in file order, without duplicates
 * @param commandLine the default command line (the arguments after the program name)
 * @param withTests true to compile the in-kernel tests of every library of the build as well (for
 *     test applications such as {@code selftest})
 */
public record Recipe(
    Path file,
    String applicationName,
    Path applicationDirectory,
    List<String> applicationRequires,
    List<LibraryChoice> libraries,
    List<Target> targets,
    String commandLine,
    boolean withTests) {

  public Recipe {
    Objects.requireNonNull(file);
    Objects.requireNonNull(applicationName);
    Objects.requireNonNull(applicationDirectory);
    applicationRequires = List.copyOf(applicationRequires);
    libraries = List.copyOf(libraries);
    targets = List.copyOf(targets);
    Objects.requireNonNull(commandLine);
  }
}
