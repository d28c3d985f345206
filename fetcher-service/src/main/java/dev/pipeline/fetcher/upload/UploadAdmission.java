package dev.pipeline.fetcher.upload;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Takes an {@link UploadPermits} permit for each {@code POST /api/uploads} before its body is read
 * (the multipart parser reads it ahead of the controller), or answers 429 with {@code Retry-After}.
 * The permit goes with the request to the controller, which hands it over to the upload's run; one
 * that never got that far is released here.
 */
class UploadAdmission extends OncePerRequestFilter {

    static final int RETRY_AFTER_SECONDS = 5;

    private final UploadPermits permits;

    UploadAdmission(UploadPermits permits) {
        this.permits = permits;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<UploadPermits.Permit> permit = permits.tryAcquire();
        if (permit.isEmpty()) {
            response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
            response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(RETRY_AFTER_SECONDS));
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.getOutputStream()
                    .write(("{\"type\":\"about:blank\",\"title\":\"Too Many Requests\",\"status\":429,"
                                    + "\"detail\":\"" + permits.max()
                                    + " uploads are already in progress here; try again in a few "
                                    + "seconds\"}")
                            .getBytes(StandardCharsets.UTF_8));
            return;
        }
        request.setAttribute(UploadPermits.ATTRIBUTE, permit.get());
        try {
            chain.doFilter(request, response);
        } finally {
            if (!permit.get().isHandedOver()) {
                permit.get().release();
            }
        }
    }
}
