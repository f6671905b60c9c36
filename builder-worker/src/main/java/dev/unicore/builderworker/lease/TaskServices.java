package dev.unicore.builderworker.lease;

import dev.unicore.builderworker.cache.BuildCache;
import dev.unicore.builderworker.image.ImagePackager;
import dev.unicore.builderworker.image.ImagePublisher;
import dev.unicore.builderworker.probe.Toolchain;
import dev.unicore.builderworker.sandbox.Sandbox;
import dev.unicore.builderworker.sandbox.SandboxProperties;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;

/** What every task execution uses; shared by all of them, each thread-safe. */
record TaskServices(
    WorkerProperties properties,
    SandboxProperties sandboxProperties,
    ControlPlane controlPlane,
    Sandbox sandbox,
    Optional<BuildCache> cache,
    ImagePackager packager,
    ImagePublisher publisher,
    Toolchain toolchain,
    WorkerMetrics metrics,
    ScheduledExecutorService scheduler) {}
