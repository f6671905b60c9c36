package dev.unicore.buildtool.cli;

import dev.unicore.resolver.toml.DefinitionError;
import dev.unicore.resolver.toml.DefinitionException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code unicore} command: the entry point of the command-line tool. Each subcommand is a class
 * of this package; they share the error handling here, which turns the exceptions a user can act on
 * into a message, a fix and an exit status.
 */
@Command(
    name = "unicore",
    mixinStandardHelpOptions = true,
    version = "unicore 0.1.0",
    description = "Turns an application into a unikernel: resolve, build, run and test.",
    subcommands = {
      LibsCommand.class,
      CheckCommand.class,
      BuildCommand.class,
      RunCommand.class,
      TestCommand.class,
      UpCommand.class
    })
public final class UnicoreCommand implements Runnable {
  /** Exit status for problems in the user's input: malformed files, unresolvable recipes. */
  static final int EXIT_INPUT_PROBLEM = 1;

  /** Exit status for a bug in the tool itself (sysexits' EX_SOFTWARE). */
  static final int EXIT_INTERNAL_ERROR = 70;

  @Spec CommandSpec spec;

  public static void main(String[] arguments) {
    System.exit(commandLine().execute(arguments));
  }

  /** A fully configured command line, also used by tests to run commands in-process. */
  public static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new UnicoreCommand());
    commandLine.setExecutionExceptionHandler(UnicoreCommand::handle);
    return commandLine;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
    throw new CommandLine.ParameterException(spec.commandLine(), "name a command");
  }

  private static int handle(
      Exception exception, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    PrintWriter err = commandLine.getErr();
    if (exception instanceof UserError userError) {
      err.println("unicore: " + userError.getMessage());
      err.println("  fix: " + userError.fix());
      err.flush();
      return EXIT_INPUT_PROBLEM;
    }
    if (exception instanceof DefinitionException definitionException) {
      for (DefinitionError error : definitionException.errors()) {
        err.println(error);
      }
      err.println("  fix: correct what is listed above; nothing was built or written");
      err.flush();
      return EXIT_INPUT_PROBLEM;
    }
    err.println("unicore: internal error, please report it with this trace:");
    exception.printStackTrace(err);
    err.flush();
    return EXIT_INTERNAL_ERROR;
  }
}
