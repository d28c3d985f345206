package dev.pipeline.common;

import java.io.Serial;
import java.io.Serializable;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The fields of an object read by {@link SlicedTree}: in the order put, as the {@code LinkedHashMap}
 * an {@code ObjectNode} has by default, held in three arrays (names, their hashes, values) and looked
 * up by a scan of the hashes. Building the page's object nodes' hash maps (an entry object per field,
 * a table grown on the way) was 4 % of the fetcher's samples at 1M products and 20 % of the bytes it
 * allocated per item (JFR, issue #16); an item's objects have a handful of fields. Past
 * {@value #SCAN_LIMIT} fields the map moves into a {@code LinkedHashMap}, so a large object costs
 * what it did, not a scan per field.
 *
 * <p>A full {@link Map}: an {@code ObjectNode} may use any of it (its equality with other object
 * nodes is the maps' equality, which {@link AbstractMap} answers from {@link #entrySet()}).
 */
final class FieldMap extends AbstractMap<String, JsonNode> implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    static final int SCAN_LIMIT = 16;

    private String[] names = new String[8];
    private int[] hashes = new int[8];
    private JsonNode[] values = new JsonNode[8];
    private int size;
    /** Set once the map has more than {@link #SCAN_LIMIT} fields: then it holds them all, the arrays none. */
    private LinkedHashMap<String, JsonNode> large;
    /** Changes of the fields' set, for the iterators' fail-fast check. */
    private transient int changes;

    private int indexOf(Object key) {
        if (key instanceof String name) {
            int hash = name.hashCode();
            for (int i = 0; i < size; i++) {
                if (hashes[i] == hash && (names[i] == name || names[i].equals(name))) {
                    return i;
                }
            }
        }
        return -1;
    }

    @Override
    public int size() {
        return large != null ? large.size() : size;
    }

    @Override
    public boolean containsKey(Object key) {
        return large != null ? large.containsKey(key) : indexOf(key) >= 0;
    }

    @Override
    public JsonNode get(Object key) {
        if (large != null) {
            return large.get(key);
        }
        int i = indexOf(key);
        return i < 0 ? null : values[i];
    }

    @Override
    public JsonNode put(String name, JsonNode value) {
        if (large != null) {
            return large.put(name, value);
        }
        if (name == null) {
            throw new NullPointerException("a field has a name");
        }
        int i = indexOf(name);
        if (i >= 0) {
            JsonNode old = values[i];
            values[i] = value;
            return old;
        }
        if (size == SCAN_LIMIT) {
            large = new LinkedHashMap<>(SCAN_LIMIT * 4);
            for (int k = 0; k < size; k++) {
                large.put(names[k], values[k]);
            }
            names = null;
            hashes = null;
            values = null;
            size = 0;
            changes++;
            return large.put(name, value);
        }
        if (size == names.length) {
            int capacity = Math.min(SCAN_LIMIT, size * 2);
            names = Arrays.copyOf(names, capacity);
            hashes = Arrays.copyOf(hashes, capacity);
            values = Arrays.copyOf(values, capacity);
        }
        names[size] = name;
        hashes[size] = name.hashCode();
        values[size] = value;
        size++;
        changes++;
        return null;
    }

    @Override
    public JsonNode remove(Object key) {
        if (large != null) {
            return large.remove(key);
        }
        int i = indexOf(key);
        if (i < 0) {
            return null;
        }
        JsonNode old = values[i];
        removeAt(i);
        return old;
    }

    private void removeAt(int i) {
        int after = size - i - 1;
        System.arraycopy(names, i + 1, names, i, after);
        System.arraycopy(hashes, i + 1, hashes, i, after);
        System.arraycopy(values, i + 1, values, i, after);
        size--;
        names[size] = null;
        values[size] = null;
        changes++;
    }

    @Override
    public void clear() {
        if (large != null) {
            large.clear();
            return;
        }
        Arrays.fill(names, 0, size, null);
        Arrays.fill(values, 0, size, null);
        size = 0;
        changes++;
    }

    @Override
    public Set<Entry<String, JsonNode>> entrySet() {
        return large != null ? large.entrySet() : new Entries();
    }

    private final class Entries extends AbstractSet<Entry<String, JsonNode>> {
        @Override
        public int size() {
            return FieldMap.this.size();
        }

        @Override
        public Iterator<Entry<String, JsonNode>> iterator() {
            if (large != null) {
                return large.entrySet().iterator();
            }
            return new Iterator<>() {
                private int next;
                private int last = -1;
                private int expected = changes;

                @Override
                public boolean hasNext() {
                    return next < size;
                }

                @Override
                public Entry<String, JsonNode> next() {
                    if (expected != changes || large != null) {
                        throw new ConcurrentModificationException();
                    }
                    if (next >= size) {
                        throw new NoSuchElementException();
                    }
                    last = next++;
                    return new Field(last);
                }

                @Override
                public void remove() {
                    if (last < 0) {
                        throw new IllegalStateException();
                    }
                    if (expected != changes || large != null) {
                        throw new ConcurrentModificationException();
                    }
                    removeAt(last);
                    next = last;
                    last = -1;
                    expected = changes;
                }
            };
        }
    }

    /** A field seen through the map: its value set in the map. */
    private final class Field extends SimpleEntry<String, JsonNode> {
        @Serial
        private static final long serialVersionUID = 1L;

        private final int index;

        Field(int index) {
            super(names[index], values[index]);
            this.index = index;
        }

        @Override
        public JsonNode setValue(JsonNode value) {
            JsonNode old = super.setValue(value);
            if (large == null && index < size && names[index] == getKey()) {
                values[index] = value;
            } else {
                FieldMap.this.put(getKey(), value);
            }
            return old;
        }
    }
}
