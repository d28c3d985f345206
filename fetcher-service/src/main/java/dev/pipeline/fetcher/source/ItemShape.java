package dev.pipeline.fetcher.source;

import jakarta.validation.constraints.AssertTrue;
import java.util.List;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.util.unit.DataSize;

/**
 * What of an item as the API sent it its product record carries ({@code fields.item}): the whole
 * object by default, or only the top-level fields {@code include} names, or all but those
 * {@code exclude} names (field names, not pointers: what is cut is a whole field, so the rest is
 * exactly as sent). One list or the other, not both.
 *
 * @param maxSize the cap on what is kept, written as compact JSON (default 64KB): an item over it
 *                is an {@code invalid_item} error naming the cap and its size, and no record (as
 *                any invalid item: a product with part of its data silently missing would be worse,
 *                and the counts stay "items = products + invalid items"). Raise it, or exclude the
 *                large fields, to keep such items; at most {@link #MAX_MAX_SIZE}
 * @param keep    whether the record carries the item at all (default true). {@code false} sends
 *                records without {@code item}, only the mapped fields, for a consumer that needs
 *                no more: the item is most of a record's bytes and of what the services spend on
 *                it (BENCHMARKS.md, issue #18). Then there is nothing to shape or cap, so
 *                {@code include}/{@code exclude} are refused with it
 */
public record ItemShape(List<String> include, List<String> exclude, DataSize maxSize, boolean keep) {

    public static final DataSize DEFAULT_MAX_SIZE = DataSize.ofKilobytes(64);

    /**
     * The largest cap: half of Kafka's default largest record (the producer's {@code max.request.size}
     * and the broker's {@code message.max.bytes}, both 1MB), leaving the record's other fields room. A
     * record over those is not an invalid item but a failed send, which fails its whole task and
     * loses the task's other items (a {@code task_failed}).
     */
    public static final DataSize MAX_MAX_SIZE = DataSize.ofKilobytes(512);

    public static final ItemShape DEFAULT = new ItemShape(null, null, null);

    /** The item left out of every record: only the mapped fields travel. */
    public static final ItemShape NONE = new ItemShape(null, null, null, Boolean.FALSE);

    public ItemShape {
        include = include == null ? List.of() : List.copyOf(include);
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
        maxSize = maxSize == null ? DEFAULT_MAX_SIZE : maxSize;
    }

    /** What a source's config binds to: {@code keep} unset is the default, true. */
    @ConstructorBinding
    public ItemShape(List<String> include, List<String> exclude, DataSize maxSize, Boolean keep) {
        this(include, exclude, maxSize, keep == null || keep);
    }

    /** The item kept, shaped and capped as given. */
    public ItemShape(List<String> include, List<String> exclude, DataSize maxSize) {
        this(include, exclude, maxSize, (Boolean) null);
    }

    @AssertTrue(
            message = "item: include and exclude cannot both be set (include names what is kept, exclude what is not)")
    public boolean isOneListSet() {
        return include.isEmpty() || exclude.isEmpty();
    }

    @AssertTrue(
            message =
                    "item.keep: false leaves the item out, so it cannot also be shaped by item.include or item.exclude")
    public boolean isShapedOnlyWhenKept() {
        return keep || (include.isEmpty() && exclude.isEmpty());
    }

    @AssertTrue(
            message = "item.max-size must be at least 2B (an empty object) and at most 512KB (half of Kafka's"
                    + " default 1MB record: a larger record fails its whole task)")
    public boolean isMaxSizeInRange() {
        return maxSize.toBytes() >= 2 && maxSize.toBytes() <= MAX_MAX_SIZE.toBytes();
    }
}
