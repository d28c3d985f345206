package dev.pipeline.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

class FieldMapTests {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /**
     * Random puts, replacements, removals (by key and by iterator) and value changes through entries,
     * on both sides of the switch to a LinkedHashMap: the same answers, fields and order as the
     * LinkedHashMap an ObjectNode has by default.
     */
    @Test
    void answersAsALinkedHashMapDoes() {
        Random random = new Random(16);
        for (int round = 0; round < 2_000; round++) {
            FieldMap fields = new FieldMap();
            Map<String, JsonNode> expected = new LinkedHashMap<>();
            int names = 1 + random.nextInt(round % 2 == 0 ? 12 : 40);
            for (int step = 0; step < 60; step++) {
                // new String: equal names are not always the same instance, as the mapper's are not the parser's
                String name = new String("f" + random.nextInt(names));
                JsonNode value = NODES.numberNode(random.nextInt(100));
                switch (random.nextInt(6)) {
                    case 0, 1, 2 -> assertThat(fields.put(name, value)).isEqualTo(expected.put(name, value));
                    case 3 -> assertThat(fields.remove(name)).isEqualTo(expected.remove(name));
                    case 4 -> {
                        Iterator<Map.Entry<String, JsonNode>> mine =
                                fields.entrySet().iterator();
                        Iterator<Map.Entry<String, JsonNode>> theirs =
                                expected.entrySet().iterator();
                        int skip = expected.isEmpty() ? 0 : random.nextInt(expected.size());
                        for (int i = 0; i <= skip && theirs.hasNext(); i++) {
                            assertThat(mine.next()).isEqualTo(theirs.next());
                        }
                        if (!expected.isEmpty()) {
                            mine.remove();
                            theirs.remove();
                        }
                    }
                    default -> {
                        for (Map.Entry<String, JsonNode> field : fields.entrySet()) {
                            if (field.getKey().equals(name)) {
                                field.setValue(value);
                                expected.put(name, value);
                            }
                        }
                    }
                }
                assertThat(fields.size()).isEqualTo(expected.size());
                assertThat(fields.get(name)).isEqualTo(expected.get(name));
                assertThat(fields.containsKey(name)).isEqualTo(expected.containsKey(name));
                assertThat(new ArrayList<>(fields.keySet())).isEqualTo(new ArrayList<>(expected.keySet()));
                assertThat(fields).isEqualTo(expected);
                assertThat(expected).isEqualTo(fields);
                assertThat(fields.hashCode()).isEqualTo(expected.hashCode());
            }
        }
    }

    @Test
    void aLargeObjectKeepsItsFieldsInOrderPastTheScanLimit() {
        FieldMap fields = new FieldMap();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < FieldMap.SCAN_LIMIT * 3; i++) {
            names.add("n" + i);
            assertThat(fields.put("n" + i, NODES.numberNode(i))).isNull();
        }
        assertThat(new ArrayList<>(fields.keySet())).isEqualTo(names);
        assertThat(fields.get("n" + (FieldMap.SCAN_LIMIT + 5)).intValue()).isEqualTo(FieldMap.SCAN_LIMIT + 5);
        assertThat(fields.get("n0").intValue()).isZero();
    }
}
