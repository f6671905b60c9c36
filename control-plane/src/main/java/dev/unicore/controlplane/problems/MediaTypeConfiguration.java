package dev.unicore.controlplane.problems;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.config.annotation.ContentNegotiationConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Every operation may produce application/json and application/problem+json (its errors). When a
 * client states no preference, answers are application/json; problem+json is for problems only,
 * which {@link ProblemHandler} sets explicitly.
 */
@Configuration(proxyBeanMethods = false)
class MediaTypeConfiguration implements WebMvcConfigurer {
  @Override
  public void configureContentNegotiation(ContentNegotiationConfigurer configurer) {
    configurer.defaultContentType(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON);
  }
}
