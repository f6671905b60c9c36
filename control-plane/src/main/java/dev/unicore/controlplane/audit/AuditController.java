package dev.unicore.controlplane.audit;

import dev.unicore.controlplane.api.AuditApi;
import dev.unicore.controlplane.api.model.AuditEvent;
import dev.unicore.controlplane.api.model.AuditEventPage;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/audit-events}. */
@RestController
class AuditController implements AuditApi {
  private final AuditLog audit;

  AuditController(AuditLog audit) {
    this.audit = audit;
  }

  @Override
  public ResponseEntity<AuditEventPage> listAuditEvents(
      String actor, String action, Integer page, Integer size) {
    List<AuditEvent> items =
        audit.page(actor, action, page, size).stream()
            .map(
                event ->
                    new AuditEvent(
                        event.id(),
                        event.at().atOffset(ZoneOffset.UTC),
                        event.actor(),
                        event.action(),
                        event.method(),
                        event.path(),
                        event.status()))
            .toList();
    return ResponseEntity.ok(new AuditEventPage(items, page, size, audit.count(actor, action)));
  }
}
