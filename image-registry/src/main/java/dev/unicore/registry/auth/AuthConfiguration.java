package dev.unicore.registry.auth;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The token signer and the access policy, built from the authentication settings. */
@Configuration(proxyBeanMethods = false)
class AuthConfiguration {
  @Bean
  TokenSigner tokenSigner(AuthProperties properties) {
    return new TokenSigner(properties.signingKey(), properties.service(), Clock.systemUTC());
  }

  @Bean
  AccessPolicy accessPolicy(AuthProperties properties) {
    return new AccessPolicy(properties);
  }
}
