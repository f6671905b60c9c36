package dev.unicore.registry.storage;

import java.io.IOException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Creates the storage the registry runs on: the filesystem implementation. */
@Configuration(proxyBeanMethods = false)
class StorageConfiguration {
  @Bean
  Storage storage(StorageProperties properties) throws IOException {
    return new FilesystemStorage(properties.root());
  }
}
