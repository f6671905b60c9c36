package dev.unicore.controlplane.audit;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Records each successful state-changing API request once it has completed. The action is the
 * handler method's name, which is the contract's operationId (the controllers implement the
 * interfaces generated from it).
 */
@Component
class AuditInterceptor implements HandlerInterceptor, WebMvcConfigurer {
  private static final Logger log = LoggerFactory.getLogger(AuditInterceptor.class);
  private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

  /** POSTs that change nothing worth an audit row, or too often to be useful in one. */
  private static final Set<String> NOT_AUDITED =
      Set.of("checkRecipe", "leaseTask", "heartbeatTask", "appendTaskLog");

  private final AuditLog audit;
  private final Clock clock = Clock.systemUTC();

  AuditInterceptor(AuditLog audit) {
    this.audit = audit;
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(this).addPathPatterns("/api/**");
  }

  @Override
  public void afterCompletion(
      HttpServletRequest request, HttpServletResponse response, Object handler, Exception failure) {
    if (READS.contains(request.getMethod())
        || !(handler instanceof HandlerMethod method)
        || failure != null
        || response.getStatus() >= 400) {
      return;
    }
    String action = method.getMethod().getName();
    if (NOT_AUDITED.contains(action)) {
      return;
    }
    Authentication actor = SecurityContextHolder.getContext().getAuthentication();
    try {
      audit.record(
          clock.instant(),
          actor == null ? "anonymous" : actor.getName(),
          action,
          request.getMethod(),
          request.getRequestURI(),
          response.getStatus());
    } catch (RuntimeException e) {
      log.error(
          "could not record {} {} in the audit log",
          request.getMethod(),
          request.getRequestURI(),
          e);
    }
  }
}
