package dev.pipeline.support.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request body larger than {@code pipeline.api.max-body-size} with a 413 problem: before
 * reading any of it when its Content-Length says so, and as soon as it grows past the limit while
 * it is read when it is streamed without one (chunked). Then the reader's exception carries a mark
 * that {@link BodyTooLargeResolver} answers, whatever the endpoint made of it. A body no endpoint
 * reads costs nothing beyond what the servlet container swallows. Multipart requests, where
 * multipart is enabled, keep their own limits ({@code spring.servlet.multipart.*}).
 */
class BodySizeLimit extends OncePerRequestFilter {

    /** Request attribute: set when a streamed body went past the limit. */
    static final String EXCEEDED = BodySizeLimit.class.getName() + ".EXCEEDED";

    private final long limit;
    private final String detail;
    private final boolean multipartHasItsOwnLimits;

    BodySizeLimit(DataSize limit, boolean multipartHasItsOwnLimits) {
        this.limit = limit.toBytes();
        this.detail = "the request body is larger than the " + describe(limit) + " a request may have here";
        this.multipartHasItsOwnLimits = multipartHasItsOwnLimits;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (multipartHasItsOwnLimits && isMultipart(request)) {
            chain.doFilter(request, response);
            return;
        }
        long length = request.getContentLengthLong();
        if (length > limit) {
            refuse(response);
            return;
        }
        boolean streamed = length < 0 && request.getHeader("Transfer-Encoding") != null;
        chain.doFilter(streamed ? new Limited(request, limit) : request, response);
    }

    void refuse(HttpServletResponse response) throws IOException {
        response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream()
                .write(("{\"type\":\"about:blank\",\"title\":\"Content Too Large\",\"status\":413," + "\"detail\":\""
                                + detail + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
    }

    private static boolean isMultipart(HttpServletRequest request) {
        String type = request.getContentType();
        return type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/");
    }

    static String describe(DataSize size) {
        long bytes = size.toBytes();
        if (bytes % DataSize.ofMegabytes(1).toBytes() == 0) {
            return size.toMegabytes() + "MB";
        }
        return bytes % 1024 == 0 ? size.toKilobytes() + "KB" : bytes + " bytes";
    }

    /** The request with its body counted as it is read. */
    private static final class Limited extends HttpServletRequestWrapper {

        private final long limit;
        private ServletInputStream stream;

        Limited(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new Counted(super.getInputStream(), limit, this);
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.ISO_8859_1 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
    }

    /** Fails the read that takes the body past the limit, and every read after it. */
    private static final class Counted extends ServletInputStream {

        private final ServletInputStream in;
        private final long limit;
        private final HttpServletRequest request;
        private long read;

        Counted(ServletInputStream in, long limit, HttpServletRequest request) {
            this.in = in;
            this.limit = limit;
            this.request = request;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int bytes) throws BodyTooLargeException {
            read += bytes;
            if (read > limit) {
                request.setAttribute(EXCEEDED, Boolean.TRUE);
                throw new BodyTooLargeException();
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** The body went past the limit; what reads it fails, and the request gets a 413. */
    static final class BodyTooLargeException extends IOException {

        BodyTooLargeException() {
            super("the request body is larger than allowed", null);
        }
    }
}
