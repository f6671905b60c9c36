package dev.unicore.registry.ops;

import dev.unicore.registry.distribution.RegistryRequest;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Logs one line per request under {@code /v2/} and {@code /token} once it is answered: method, raw
 * path, status, the repository and digest the registry worked on, the declared request size and the
 * time taken. It runs outermost, so it also logs requests that authentication refused.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestLog extends OncePerRequestFilter {
  private static final Logger log = LoggerFactory.getLogger(RequestLog.class);

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String uri = request.getRequestURI();
    return !(uri.startsWith("/v2") || uri.startsWith("/token"));
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    long start = System.nanoTime();
    try {
      chain.doFilter(request, response);
    } finally {
      if (log.isInfoEnabled()) {
        log.info(
            "{} {} {} repository={} digest={} in={} out={} {}ms",
            request.getMethod(),
            request.getRequestURI(),
            response.getStatus(),
            request.getAttribute(RegistryRequest.REPOSITORY),
            request.getAttribute(RegistryRequest.DIGEST),
            Math.max(request.getContentLengthLong(), 0),
            response.getHeader("Content-Length"),
            (System.nanoTime() - start) / 1_000_000);
      }
    }
  }
}
