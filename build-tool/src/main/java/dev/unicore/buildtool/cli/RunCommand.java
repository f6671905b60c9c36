package dev.unicore.buildtool.cli;

import dev.unicore.buildtool.build.BuildResult;
import dev.unicore.buildtool.build.ParallelBuild;
import dev.unicore.buildtool.run.KernelLauncher;
import dev.unicore.buildtool.run.RunOutcome;
import dev.unicore.buildtool.setup.SystemPackages;
import dev.unicore.resolver.recipe.Recipe;
import dev.unicore.resolver.recipe.Target;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code unicore run}: builds one target if needed and boots it, streaming the console. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Build a recipe's target if needed and boot it: under QEMU (software emulation, or KVM with"
          + " --accel kvm) for qemu targets, as a Linux process for linuxu. The console streams to"
          + " standard output.",
      "Exits with the application's exit status; 124 when --timeout stopped it, 125 when it"
          + " stopped without reporting a status (a crash or a lost VM)."
    })
final class RunCommand implements Callable<Integer> {
  static final int EXIT_TIMED_OUT = 124;
  static final int EXIT_NO_STATUS = 125;

  @Spec CommandSpec spec;

  @Mixin RecipeArgument recipeArgument;

  @Parameters(
      index = "1..*",
      paramLabel = "ARG",
      description = "Arguments for the application (after --); default: the recipe's command line.")
  List<String> arguments = new ArrayList<>();

  @Option(
      names = {"-t", "--target"},
      paramLabel = "PLATFORM/ARCH",
      description = "The target to boot. Default: the recipe's first target.")
  String targetText;

  @Option(
      names = "--machine",
      paramLabel = "MACHINE",
      description = "QEMU machine: pc, q35 or microvm. Default: ${DEFAULT-VALUE}.")
  String machine = "pc";

  @Option(
      names = "--accel",
      paramLabel = "ACCEL",
      description = "QEMU accelerator: tcg (software emulation) or kvm. Default: ${DEFAULT-VALUE}.")
  String accelerator = "tcg";

  @Option(
      names = {"-m", "--memory"},
      paramLabel = "SIZE",
      description = "Guest memory in QEMU's syntax (8M, 1280K). Default: ${DEFAULT-VALUE}.")
  String memory = "16M";

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      description = "Stop the unikernel after this many seconds; 0 for no limit. Default: 0.")
  long timeoutSeconds;

  @Mixin OutputOption output;

  @Override
  public Integer call() throws Exception {
    Workspace workspace = Workspace.current();
    Recipe recipe = recipeArgument.read(workspace);
    Target target = target(recipe);
    PrintWriter err = spec.commandLine().getErr();
    RecipeBuild recipeBuild = new RecipeBuild(workspace, err);
    if (target.platform().equals("qemu")) {
      recipeBuild.ensureTools(SystemPackages.QEMU_X86_64);
    }
    ParallelBuild.Outcome outcome =
        recipeBuild
            .build(
                recipe,
                List.of(target),
                output.root(recipe),
                Runtime.getRuntime().availableProcessors(),
                false)
            .get(0);
    if (outcome.failure().isPresent()) {
      RecipeBuild.printFailure(err, outcome.failure().get());
      err.flush();
      return UnicoreCommand.EXIT_INPUT_PROBLEM;
    }
    BuildResult built = outcome.result().orElseThrow();
    err.println(BuildCommand.summary(built));
    err.flush();

    KernelLauncher.Options options =
        new KernelLauncher.Options(
            machine, accelerator, memory, Duration.ofSeconds(timeoutSeconds), arguments);
    RunOutcome run;
    try {
      run = new KernelLauncher().run(target, built.kernel(), options, consoleStream());
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      throw new UserError(e.getMessage(), "boot a qemu/x86_64 or linuxu/x86_64 target");
    }
    if (run.timedOut()) {
      err.println("unicore: stopped " + target + " after " + timeoutSeconds + " s (--timeout)");
      err.flush();
      return EXIT_TIMED_OUT;
    }
    if (run.applicationStatus().isEmpty()) {
      err.println(
          "unicore: "
              + target
              + " stopped without reporting an exit status (process exit code "
              + run.processExitCode()
              + ")");
      err.flush();
      return EXIT_NO_STATUS;
    }
    return run.applicationStatus().getAsInt();
  }

  private Target target(Recipe recipe) throws UserError {
    if (targetText == null) {
      return recipe.targets().get(0);
    }
    return TargetSelection.parse(targetText);
  }

  /** Standard output as bytes, so the console passes through unchanged and unbuffered. */
  private OutputStream consoleStream() {
    PrintWriter out = spec.commandLine().getOut();
    return new OutputStream() {
      @Override
      public void write(int b) {
        out.write(b);
      }

      @Override
      public void write(byte[] bytes, int offset, int length) {
        out.write(new String(bytes, offset, length, java.nio.charset.StandardCharsets.UTF_8));
      }

      @Override
      public void flush() {
        out.flush();
      }
    };
  }
}
