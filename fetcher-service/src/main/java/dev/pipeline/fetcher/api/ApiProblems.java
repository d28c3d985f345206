package dev.pipeline.fetcher.api;

import java.util.stream.Collectors;
import org.springframework.boot.servlet.autoconfigure.MultipartProperties;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Spring's problem details for MVC's own exceptions, with details that say what was wrong with the
 * request (where the JSON broke, which field had the wrong type, how large an upload may be), and
 * a 400 instead of a 500 for a multipart body that does not parse.
 */
@RestControllerAdvice
class ApiProblems extends ResponseEntityExceptionHandler {

    private static final int MAX_DETAIL = 300;

    private final MultipartProperties multipart;

    ApiProblems(MultipartProperties multipart) {
        this.multipart = multipart;
    }

    @ExceptionHandler(MultipartException.class)
    ResponseEntity<Object> handleMultipart(MultipartException e, WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.BAD_REQUEST, shorten("the multipart body could not be read: " + rootMessage(e)));
        problem.setTitle("Malformed multipart request");
        return handleExceptionInternal(e, problem, new HttpHeaders(), HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(
            MaxUploadSizeExceededException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                status,
                "the upload is larger than allowed: at most "
                        + size(multipart.getMaxFileSize()) + " per file and " + size(multipart.getMaxRequestSize())
                        + " per request");
        problem.setTitle("Upload too large");
        return handleExceptionInternal(e, problem, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, shorten(unreadable(e)));
        problem.setTitle("Unreadable request body");
        return handleExceptionInternal(e, problem, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String detail = e.getBindingResult().getFieldErrors().stream()
                .map(error -> error.getField() + ": " + error.getDefaultMessage())
                .collect(Collectors.joining("; "));
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                status, shorten(detail.isEmpty() ? "the request body is not valid" : detail));
        problem.setTitle("Invalid request body");
        return handleExceptionInternal(e, problem, headers, status, request);
    }

    private static String unreadable(HttpMessageNotReadableException e) {
        JacksonException json = find(e, JacksonException.class);
        if (json == null) {
            return "the request body is missing or cannot be read";
        }
        String message = firstLine(json.getOriginalMessage());
        if (json instanceof MismatchedInputException && !json.getPath().isEmpty()) {
            return "wrong type at '" + path(json) + "': " + message;
        }
        if (json.getLocation() != null && json.getLocation().getLineNr() > 0) {
            return "malformed JSON at line " + json.getLocation().getLineNr() + ", column "
                    + json.getLocation().getColumnNr() + ": " + message;
        }
        return "malformed JSON: " + message;
    }

    /** Where in the body: {@code sources[2]}, {@code a.b}. */
    private static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return firstLine(cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }

    private static String firstLine(String message) {
        return message == null ? "unreadable" : message.lines().findFirst().orElse(message);
    }

    private static String shorten(String detail) {
        return detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL) + "..." : detail;
    }

    private static String size(DataSize size) {
        long bytes = size.toBytes();
        if (bytes > 0 && bytes % DataSize.ofMegabytes(1).toBytes() == 0) {
            return size.toMegabytes() + "MB";
        }
        return bytes > 0 && bytes % 1024 == 0 ? size.toKilobytes() + "KB" : bytes + "B";
    }
}
