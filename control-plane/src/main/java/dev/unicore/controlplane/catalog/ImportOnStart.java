package dev.unicore.controlplane.catalog;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

/**
 * Imports the unikernel tree once the service is up, when {@code unicore.catalog.import-on-start}
 * is true (as {@code unicore up} sets it), so a local platform starts with a full catalog.
 */
@Component
@ConditionalOnBooleanProperty("unicore.catalog.import-on-start")
class ImportOnStart implements ApplicationRunner {
  private static final Logger log = LoggerFactory.getLogger(ImportOnStart.class);

  private final CatalogService catalog;

  ImportOnStart(CatalogService catalog) {
    this.catalog = catalog;
  }

  @Override
  public void run(ApplicationArguments arguments) {
    ImportReport report = catalog.importTree();
    log.info(
        "catalog imported: {} new, {} changed, {} unchanged",
        report.created().size(),
        report.newVersions().size(),
        report.unchanged().size());
  }
}
