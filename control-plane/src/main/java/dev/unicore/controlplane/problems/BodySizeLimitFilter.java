package dev.unicore.controlplane.problems;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies above {@code unicore.http.max-body-bytes} ({@code
 * unicore.http.max-source-bytes} for source uploads) with a 413 problem before any handler reads
 * them, so an oversize body costs neither memory nor a half-done change. A declared {@code
 * Content-Length} is judged at once; a chunked body is counted as it is read, and reading fails
 * with {@link BodyTooLargeException} as soon as it crosses the limit, which the problem handler
 * answers with the same problem (the handler's transaction, if any, rolls back with it).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class BodySizeLimitFilter extends OncePerRequestFilter {
  /** Where bodies may be larger: source archive uploads. */
  private static final String SOURCES = "/api/v1/sources";

  private final long bodyLimit;
  private final long sourceLimit;

  BodySizeLimitFilter(
      @Value("${unicore.http.max-body-bytes:1048576}") long bodyLimit,
      @Value("${unicore.http.max-source-bytes:16777216}") long sourceLimit) {
    this.bodyLimit = bodyLimit;
    this.sourceLimit = sourceLimit;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    long limit = request.getRequestURI().equals(SOURCES) ? sourceLimit : bodyLimit;
    if (request.getContentLengthLong() > limit) {
      refuse(response, limit);
      return;
    }
    chain.doFilter(new CountingRequest(request, limit), response);
  }

  private static void refuse(HttpServletResponse response, long limit) throws IOException {
    ProblemResponses.write(response, ProblemType.BODY_TOO_LARGE, tooLarge(limit));
  }

  private static String tooLarge(long limit) {
    return "the request body is larger than the limit of " + limit + " bytes";
  }

  /** Thrown by a counted body stream past the limit; answered as a 413 problem. */
  static final class BodyTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    BodyTooLargeException(long limit) {
      super(tooLarge(limit));
    }
  }

  /** A request whose body stream fails once more than the limit has been read from it. */
  private static final class CountingRequest extends HttpServletRequestWrapper {
    private final long limit;
    private ServletInputStream stream;

    CountingRequest(HttpServletRequest request, long limit) {
      super(request);
      this.limit = limit;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        stream = new CountingStream(super.getInputStream());
      }
      return stream;
    }

    private final class CountingStream extends ServletInputStream {
      private final ServletInputStream body;
      private long count;

      CountingStream(ServletInputStream body) {
        this.body = body;
      }

      @Override
      public int read() throws IOException {
        int value = body.read();
        if (value >= 0) {
          count(1);
        }
        return value;
      }

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        int read = body.read(buffer, offset, length);
        if (read > 0) {
          count(read);
        }
        return read;
      }

      private void count(int bytes) throws IOException {
        count += bytes;
        if (count > limit) {
          throw new BodyTooLargeException(limit);
        }
      }

      @Override
      public boolean isFinished() {
        return body.isFinished();
      }

      @Override
      public boolean isReady() {
        return body.isReady();
      }

      @Override
      public void setReadListener(ReadListener listener) {
        body.setReadListener(listener);
      }
    }
  }
}
