package dev.unicore.controlplane.sources;

import dev.unicore.controlplane.api.SourcesApi;
import dev.unicore.controlplane.api.model.Source;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/sources}: upload and download of application source archives. */
@RestController
class SourceController implements SourcesApi {
  static final MediaType GZIP = MediaType.parseMediaType("application/gzip");

  private final SourceService sources;

  SourceController(SourceService sources) {
    this.sources = sources;
  }

  @Override
  public ResponseEntity<Source> uploadSource(Resource body) {
    SourceService.StoredSource stored;
    try (InputStream input = body.getInputStream()) {
      stored = sources.upload(input);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(new Source(stored.digest(), stored.sizeBytes(), stored.files()));
  }

  @Override
  public ResponseEntity<Resource> getSource(String digest) {
    return ResponseEntity.ok()
        .contentType(GZIP)
        .body(new ByteArrayResource(sources.content(digest)));
  }
}
