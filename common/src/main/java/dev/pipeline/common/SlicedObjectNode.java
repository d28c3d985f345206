package dev.pipeline.common;

import java.io.Serial;
import java.util.Arrays;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * An object read by {@link SlicedTree} that knows where its text lies in the document it was read
 * from, when that text is byte for byte what {@link ItemJson#of} would write for it: then the item
 * is copied, not written again. Otherwise an ordinary object node (equal to any object node with the
 * same fields).
 *
 * <p>The slice describes the object as read: a tree read by {@link SlicedTree} is read, never changed
 * (the fetcher's pages are not; an item shaped by {@code include}/{@code exclude} is a new node).
 */
final class SlicedObjectNode extends ObjectNode {

    @Serial
    private static final long serialVersionUID = 1L;

    private final transient byte[] document;
    private transient int start = -1;
    private transient int end = -1;

    SlicedObjectNode(JsonNodeFactory nodes, byte[] document) {
        super(nodes);
        this.document = document;
    }

    /** The fields, filled in while reading (without the checks the public setters make per call). */
    void add(String name, tools.jackson.databind.JsonNode value) {
        _children.put(name, value);
    }

    int fieldCount() {
        return _children.size();
    }

    /** Its text is {@code document[start, end)}, the same bytes {@link ItemJson#of} writes. */
    void canonicalAt(int start, int end) {
        this.start = start;
        this.end = end;
    }

    /** Whether {@code document()[start(), end())} is its canonical text. */
    boolean isCanonical() {
        return start >= 0 && document != null;
    }

    byte[] document() {
        return document;
    }

    int start() {
        return start;
    }

    int end() {
        return end;
    }

    /** A copy of its canonical text, or {@code null} when it has none in the document. */
    byte[] canonicalBytes() {
        return isCanonical() ? Arrays.copyOfRange(document, start, end) : null;
    }
}
