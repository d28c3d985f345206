package dev.pipeline.fetcher.mapping;

import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/** A fallback chain of {@link FieldExpression}s: the first that yields a value wins. */
record FieldChain(List<FieldExpression> expressions) {

    static FieldChain parse(List<String> chain) {
        return new FieldChain(chain.stream().map(FieldExpression::parse).toList());
    }

    JsonNode read(JsonNode item) {
        for (FieldExpression expression : expressions) {
            JsonNode value = expression.read(item);
            if (!value.isMissingNode()) {
                return value;
            }
        }
        return MissingNode.getInstance();
    }
}
