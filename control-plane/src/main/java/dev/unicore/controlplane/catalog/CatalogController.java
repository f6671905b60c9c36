package dev.unicore.controlplane.catalog;

import dev.unicore.controlplane.api.CatalogApi;
import dev.unicore.controlplane.api.model.CatalogImport;
import dev.unicore.controlplane.api.model.LibraryDetail;
import dev.unicore.controlplane.api.model.LibraryPage;
import dev.unicore.controlplane.api.model.LibraryVersion;
import dev.unicore.controlplane.api.model.ManifestText;
import dev.unicore.controlplane.api.model.Option;
import dev.unicore.resolver.manifest.LibraryManifest;
import dev.unicore.resolver.manifest.OptionSpec;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/** The catalog routes of the contract: maps between the API models and {@link CatalogService}. */
@RestController
class CatalogController implements CatalogApi {
  private final CatalogService catalog;

  CatalogController(CatalogService catalog) {
    this.catalog = catalog;
  }

  @Override
  public ResponseEntity<CatalogImport> importCatalog() {
    ImportReport report = catalog.importTree();
    return ResponseEntity.ok(
        new CatalogImport(report.created(), report.newVersions(), report.unchanged()));
  }

  @Override
  public ResponseEntity<LibraryPage> listLibraries(
      String category,
      String platform,
      String architecture,
      String provides,
      String q,
      Integer page,
      Integer size) {
    LibraryFilter filter = new LibraryFilter(category, platform, architecture, provides, q);
    List<LibraryVersion> items =
        catalog.list(filter, page, size).stream().map(CatalogController::toModel).toList();
    return ResponseEntity.ok(new LibraryPage(items, page, size, catalog.count(filter)));
  }

  @Override
  public ResponseEntity<LibraryDetail> getLibrary(String name) {
    LibraryHistory history = catalog.history(name);
    return ResponseEntity.ok(
        new LibraryDetail(toModel(history.latest()), history.versions(), history.dependents()));
  }

  @Override
  public ResponseEntity<LibraryVersion> putLibrary(String name, ManifestText text) {
    CatalogService.Stored stored = catalog.put(name, text.getManifest());
    HttpStatus status =
        stored.change() == CatalogService.Change.CREATED ? HttpStatus.CREATED : HttpStatus.OK;
    return ResponseEntity.status(status).body(toModel(stored.entry()));
  }

  @Override
  public ResponseEntity<Void> deleteLibrary(String name) {
    catalog.delete(name);
    return ResponseEntity.noContent().build();
  }

  @Override
  public ResponseEntity<LibraryVersion> getLibraryVersion(String name, String version) {
    return ResponseEntity.ok(toModel(catalog.version(name, version)));
  }

  static LibraryVersion toModel(CatalogEntry entry) {
    LibraryManifest manifest = entry.manifest();
    LibraryVersion model =
        new LibraryVersion(
            manifest.name(),
            entry.version(),
            manifest.category().tomlName(),
            LibraryVersion.KindEnum.fromValue(manifest.kind().tomlName()),
            manifest.summary(),
            sorted(manifest.provides()),
            sorted(manifest.defaultFor()),
            manifest.requires(),
            manifest.conflicts(),
            sorted(manifest.platforms()),
            sorted(manifest.architectures()),
            manifest.options().values().stream().map(CatalogController::toModel).toList(),
            entry.importedAt().atOffset(ZoneOffset.UTC));
    manifest.init().ifPresent(model::setInit);
    return model;
  }

  private static Option toModel(OptionSpec spec) {
    Option option =
        new Option(
            spec.name(),
            Option.TypeEnum.fromValue(spec.type().tomlName()),
            spec.defaultValue(),
            spec.help());
    option.setMin(spec.min());
    option.setMax(spec.max());
    option.setChoices(spec.choices());
    return option;
  }

  private static List<String> sorted(java.util.Set<String> values) {
    return values.stream().sorted().toList();
  }
}
