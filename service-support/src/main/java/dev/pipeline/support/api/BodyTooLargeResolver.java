package dev.pipeline.support.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * Answers 413 for whatever exception an endpoint's body reader made of a streamed body that went past
 * {@link BodySizeLimit}'s limit (a 400 "unreadable body", usually), ahead of every other resolver.
 */
class BodyTooLargeResolver implements HandlerExceptionResolver, Ordered {

    private final BodySizeLimit limit;

    BodyTooLargeResolver(BodySizeLimit limit) {
        this.limit = limit;
    }

    @Override
    public ModelAndView resolveException(
            HttpServletRequest request, HttpServletResponse response, Object handler, Exception exception) {
        if (request.getAttribute(BodySizeLimit.EXCEEDED) == null || response.isCommitted()) {
            return null;
        }
        try {
            response.reset();
            limit.refuse(response);
        } catch (IOException clientGone) {
            // Nothing more to tell a client that cannot be written to; the request is over either way.
        }
        return new ModelAndView();
    }

    /** After Boot's error attributes (which only take note), before MVC's own resolvers. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1;
    }
}
