package dev.unicore.registry.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.unicore.registry.distribution.RegistryRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class RequestLogTest {
  private final Logger logger = (Logger) LoggerFactory.getLogger(RequestLog.class);
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  @BeforeEach
  void capture() {
    appender.start();
    logger.addAppender(appender);
  }

  @AfterEach
  void release() {
    logger.detachAppender(appender);
  }

  @Test
  void logsEachRegistryRequestWithRepositoryAndDigest() throws Exception {
    MockHttpServletRequest request =
        new MockHttpServletRequest("GET", "/v2/team/app/blobs/sha256:" + "a".repeat(64));
    MockHttpServletResponse response = new MockHttpServletResponse();

    new RequestLog()
        .doFilter(
            request,
            response,
            (req, res) -> {
              req.setAttribute(RegistryRequest.REPOSITORY, "team/app");
              req.setAttribute(RegistryRequest.DIGEST, "sha256:" + "a".repeat(64));
              ((MockHttpServletResponse) res).setStatus(200);
            });

    assertThat(appender.list).hasSize(1);
    assertThat(appender.list.get(0).getFormattedMessage())
        .startsWith("GET /v2/team/app/blobs/sha256:")
        .contains(" 200 repository=team/app digest=sha256:aaaa");
  }

  @Test
  void leavesOtherRoutesAlone() throws Exception {
    new RequestLog()
        .doFilter(
            new MockHttpServletRequest("GET", "/actuator/health"),
            new MockHttpServletResponse(),
            (req, res) -> {});
    assertThat(appender.list).isEmpty();
  }
}
