package dev.unicore.registry.gc;

import dev.unicore.registry.storage.Storage;
import java.io.IOException;
import java.time.Clock;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.stereotype.Component;

/**
 * The management endpoint that runs the garbage collector: {@code POST /actuator/gc} with an
 * optional JSON {@code dryRun} (true unless false is given, so a stray call removes nothing). It
 * lives on the management port, which operators keep off the public network.
 */
@Component
@Endpoint(id = "gc")
class GcEndpoint {
  private final GarbageCollector collector;

  GcEndpoint(Storage storage, GcProperties properties) {
    this.collector = new GarbageCollector(storage, properties, Clock.systemUTC());
  }

  @WriteOperation
  GcReport collect(@Nullable Boolean dryRun) throws IOException {
    return collector.collect(dryRun == null || dryRun);
  }
}
