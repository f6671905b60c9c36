package dev.unicore.agent.local.runtime;

import dev.unicore.buildtool.run.KernelLauncher;
import dev.unicore.resolver.recipe.Target;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns an instance into a process: the command comes from the build tool's {@link KernelLauncher}
 * (the same QEMU command line {@code unicore run} boots with: isa-debug-exit, RDRAND under TCG,
 * {@code -cpu host} under KVM), the guest memory from the deployment, the arguments from its
 * command line. The process gets an empty environment plus the deployment's variables (a linuxu
 * unikernel sees them; the agent's own, such as its token, never leak), standard input from {@code
 * /dev/null}, and its console on standard output and error, merged.
 */
final class Launcher {
  private static final String ARCHITECTURE = "x86_64";
  private final RuntimeSettings settings;

  Launcher(RuntimeSettings settings) {
    this.settings = settings;
  }

  List<String> command(InstanceSpec spec, Path kernel) {
    List<String> arguments = CommandLineWords.split(spec.commandLine());
    KernelLauncher.Options options =
        new KernelLauncher.Options(
            settings.machine(),
            settings.accelerator(),
            Math.max(2, spec.memoryMiB()) + "M",
            Duration.ZERO,
            arguments);
    List<String> command = new ArrayList<>();
    if (settings.parentDeathSignal()) {
      command.addAll(List.of("setpriv", "--pdeathsig", "KILL", "--"));
    }
    command.addAll(
        KernelLauncher.command(new Target(spec.platform(), ARCHITECTURE), kernel, options));
    return command;
  }

  Process start(InstanceSpec spec, Path kernel, Path directory) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command(spec, kernel));
    builder.environment().clear();
    builder.environment().putAll(spec.environment());
    builder.directory(directory.toFile());
    builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.redirectErrorStream(true);
    return builder.start();
  }
}
