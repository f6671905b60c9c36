package dev.unicore.registry.distribution;

import dev.unicore.registry.storage.Storage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * The registry's own metrics, exported to Prometheus: bytes received and sent, the number of stored
 * blobs, upload latency (from the session's start to its verified commit) and errors by code.
 */
@Component
class RegistryMetrics {
  private final MeterRegistry registry;
  private final Counter bytesReceived;
  private final Counter bytesSent;
  private final Timer uploadLatency;

  RegistryMetrics(MeterRegistry registry, Storage storage) {
    this.registry = registry;
    this.bytesReceived =
        Counter.builder("registry.bytes.received")
            .baseUnit("bytes")
            .description("Bytes of blobs and manifests pushed")
            .register(registry);
    this.bytesSent =
        Counter.builder("registry.bytes.sent")
            .baseUnit("bytes")
            .description("Bytes of blobs and manifests pulled")
            .register(registry);
    this.uploadLatency =
        Timer.builder("registry.upload.latency")
            .description("Time from the start of a blob upload to its verified commit")
            .publishPercentileHistogram()
            .register(registry);
    Gauge.builder("registry.blobs", storage, Storage::blobCount)
        .description("Blobs stored")
        .register(registry);
  }

  void received(long bytes) {
    bytesReceived.increment(bytes);
  }

  void sent(long bytes) {
    bytesSent.increment(bytes);
  }

  void uploaded(Duration latency) {
    uploadLatency.record(latency);
  }

  void error(ErrorCode code) {
    registry.counter("registry.errors", "code", code.name()).increment();
  }
}
