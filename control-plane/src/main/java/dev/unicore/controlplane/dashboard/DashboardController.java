package dev.unicore.controlplane.dashboard;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /dashboard} sends a browser to the dashboard's page, static/dashboard/index.html. */
@RestController
class DashboardController {
  @GetMapping(path = {"/dashboard", "/dashboard/"})
  ResponseEntity<Void> dashboard() {
    return ResponseEntity.status(HttpStatus.FOUND)
        .location(URI.create("/dashboard/index.html"))
        .build();
  }
}
