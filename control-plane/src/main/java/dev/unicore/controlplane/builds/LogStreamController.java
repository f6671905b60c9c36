package dev.unicore.controlplane.builds;

import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /api/v1/tasks/{id}/logs/stream}: a task's log as Server-Sent Events, live. The one
 * route not generated from the contract, because a generated interface cannot return a stream; the
 * contract documents it with the plain-text log route. Each stream polls the database for new
 * lines; one small scheduler serves every open stream.
 */
@RestController
class LogStreamController {
  private static final long POLL_MILLIS = 200;

  private final BuildService builds;
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "log-streams");
            thread.setDaemon(true);
            return thread;
          });

  LogStreamController(BuildService builds) {
    this.builds = builds;
  }

  @GetMapping(path = "/api/v1/tasks/{id}/logs/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  SseEmitter stream(
      @PathVariable("id") long id,
      @RequestHeader(name = "Last-Event-ID", required = false) Integer lastEventId) {
    builds.task(id);
    SseEmitter emitter = new SseEmitter(0L);
    AtomicInteger sent = new AtomicInteger(lastEventId == null ? 0 : lastEventId);
    AtomicReference<ScheduledFuture<?>> poller = new AtomicReference<>();
    Runnable stop =
        () -> {
          ScheduledFuture<?> future = poller.get();
          if (future != null) {
            future.cancel(false);
          }
        };
    emitter.onCompletion(stop);
    emitter.onTimeout(stop);
    emitter.onError(error -> stop.run());
    poller.set(
        scheduler.scheduleWithFixedDelay(
            () -> {
              try {
                boolean ended = !builds.task(id).active();
                List<TaskQueue.LogLine> lines = builds.logLines(id, sent.get());
                for (TaskQueue.LogLine line : lines) {
                  emitter.send(
                      SseEmitter.event()
                          .id(Integer.toString(line.number()))
                          .name("line")
                          .data(line.line()));
                  sent.set(line.number());
                }
                if (ended && builds.logLines(id, sent.get()).isEmpty()) {
                  emitter.send(SseEmitter.event().name("end").data(builds.task(id).state()));
                  emitter.complete();
                  stop.run();
                }
              } catch (IOException | RuntimeException e) {
                emitter.completeWithError(e);
                stop.run();
              }
            },
            0,
            POLL_MILLIS,
            TimeUnit.MILLISECONDS));
    return emitter;
  }

  @PreDestroy
  void shutdown() {
    scheduler.shutdownNow();
  }
}
