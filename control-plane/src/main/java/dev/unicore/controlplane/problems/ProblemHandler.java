package dev.unicore.controlplane.problems;

import jakarta.validation.ConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * The one place where failures become RFC 9457 problem documents. Never a stack trace in a
 * response; an unexpected exception is logged once here and answered as a generic 500.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {
  private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

  @ExceptionHandler(ApiException.class)
  ResponseEntity<Object> handleApiException(ApiException exception) {
    ProblemDetail problem = problem(exception.type(), exception.getMessage());
    if (!exception.problems().isEmpty()) {
      problem.setProperty("problems", exception.problems());
    }
    return respond(problem);
  }

  @ExceptionHandler(BodySizeLimitFilter.BodyTooLargeException.class)
  ResponseEntity<Object> handleBodyTooLarge(BodySizeLimitFilter.BodyTooLargeException exception) {
    return respond(problem(ProblemType.BODY_TOO_LARGE, exception.getMessage()));
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<Object> handleTypeMismatch(MethodArgumentTypeMismatchException exception) {
    return respond(
        problem(
            ProblemType.INVALID_PARAMETER,
            "parameter `"
                + exception.getName()
                + "` has an invalid value: "
                + exception.getValue()));
  }

  @ExceptionHandler(ConstraintViolationException.class)
  ResponseEntity<Object> handleConstraintViolation(ConstraintViolationException exception) {
    return respond(
        problem(
            ProblemType.INVALID_PARAMETER,
            exception.getConstraintViolations().stream()
                .map(
                    violation ->
                        "`"
                            + lastNode(violation.getPropertyPath().toString())
                            + "` "
                            + violation.getMessage())
                .sorted()
                .reduce((left, right) -> left + "; " + right)
                .orElse("a parameter is invalid")));
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<Object> handleUnexpected(Exception exception) {
    log.error("unexpected failure answering a request", exception);
    return respond(
        problem(ProblemType.INTERNAL, "the server failed unexpectedly; the failure is logged"));
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException exception,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    if (exception.getMostSpecificCause()
        instanceof BodySizeLimitFilter.BodyTooLargeException tooLarge) {
      return handleBodyTooLarge(tooLarge);
    }
    String cause =
        exception.getMostSpecificCause() == null
            ? "unreadable body"
            : exception.getMostSpecificCause().getMessage();
    return respond(
        problem(
            ProblemType.MALFORMED_REQUEST,
            "the request body is not valid JSON for this operation: " + firstLine(cause)));
  }

  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(
      MethodArgumentNotValidException exception,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    return respond(
        problem(
            ProblemType.MALFORMED_REQUEST,
            exception.getBindingResult().getFieldErrors().stream()
                .map(error -> "`" + error.getField() + "` " + error.getDefaultMessage())
                .reduce((left, right) -> left + "; " + right)
                .orElse("the request body is invalid")));
  }

  @Override
  protected ResponseEntity<Object> handleHandlerMethodValidationException(
      HandlerMethodValidationException exception,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    return respond(
        problem(
            ProblemType.INVALID_PARAMETER,
            exception.getParameterValidationResults().stream()
                .map(
                    result ->
                        "`"
                            + result.getMethodParameter().getParameterName()
                            + "` "
                            + result.getResolvableErrors().get(0).getDefaultMessage())
                .reduce((left, right) -> left + "; " + right)
                .orElse("a parameter is invalid")));
  }

  @Override
  protected ResponseEntity<Object> handleHttpRequestMethodNotSupported(
      HttpRequestMethodNotSupportedException exception,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    return respond(
        problem(
            ProblemType.METHOD_NOT_ALLOWED,
            exception.getMethod()
                + " is not allowed here; use "
                + exception.getSupportedHttpMethods()));
  }

  @Override
  protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(
      HttpMediaTypeNotSupportedException exception,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    return respond(
        problem(
            ProblemType.UNSUPPORTED_MEDIA_TYPE,
            "send the body as one of " + exception.getSupportedMediaTypes()));
  }

  @Override
  protected ResponseEntity<Object> handleNoResourceFoundException(
      NoResourceFoundException exception,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    return respond(
        problem(ProblemType.NOT_FOUND, "no such route: /" + exception.getResourcePath()));
  }

  @Override
  protected ResponseEntity<Object> handleNoHandlerFoundException(
      NoHandlerFoundException exception,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    return respond(problem(ProblemType.NOT_FOUND, "no such route: " + exception.getRequestURL()));
  }

  private static ProblemDetail problem(ProblemType type, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(type.status(), detail);
    problem.setType(type.uri());
    problem.setTitle(type.title());
    return problem;
  }

  private static ResponseEntity<Object> respond(ProblemDetail problem) {
    return ResponseEntity.status(problem.getStatus())
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem);
  }

  /** {@code listLibraries.size} → {@code size}. */
  private static String lastNode(String path) {
    return path.substring(path.lastIndexOf('.') + 1);
  }

  private static String firstLine(String text) {
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }
}
