package dev.pipeline.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Predicate;

/**
 * The samples of a Prometheus text exposition ({@code /actuator/prometheus}), enough to add up a
 * metric's samples, optionally only those whose labels match.
 */
record PrometheusText(List<Sample> samples) {

    /** One line: {@code name{label="value",...} number}. */
    record Sample(String name, Map<String, String> labels, double value) {}

    static PrometheusText parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            Sample sample = sample(line.strip());
            if (sample != null) {
                samples.add(sample);
            }
        }
        return new PrometheusText(List.copyOf(samples));
    }

    /** The sum of the samples of {@code name} (exactly) whose labels pass; empty when there are none. */
    OptionalDouble sum(String name, Predicate<Map<String, String>> labels) {
        double sum = 0;
        boolean found = false;
        for (Sample sample : samples) {
            if (sample.name().equals(name) && labels.test(sample.labels()) && !Double.isNaN(sample.value())) {
                sum += sample.value();
                found = true;
            }
        }
        return found ? OptionalDouble.of(sum) : OptionalDouble.empty();
    }

    OptionalDouble sum(String name) {
        return sum(name, labels -> true);
    }

    private static Sample sample(String line) {
        if (line.isEmpty() || line.startsWith("#")) {
            return null;
        }
        int brace = line.indexOf('{');
        int space = line.indexOf(' ');
        if (space < 0) {
            return null;
        }
        String name;
        Map<String, String> labels;
        String rest;
        if (brace >= 0 && brace < space) {
            int close = closingBrace(line, brace);
            if (close < 0) {
                return null;
            }
            name = line.substring(0, brace);
            labels = labels(line.substring(brace + 1, close));
            rest = line.substring(close + 1).strip();
        } else {
            name = line.substring(0, space);
            labels = Map.of();
            rest = line.substring(space + 1).strip();
        }
        String number = rest.split("\\s+")[0]; // a timestamp may follow
        try {
            return new Sample(name, labels, Double.parseDouble(number));
        } catch (NumberFormatException ex) {
            return null;
        }
    }

    /** The brace closing the label set, skipping braces inside quoted values. */
    private static int closingBrace(String line, int open) {
        boolean quoted = false;
        for (int i = open + 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && quoted) {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == '}' && !quoted) {
                return i;
            }
        }
        return -1;
    }

    private static Map<String, String> labels(String text) {
        Map<String, String> labels = new java.util.LinkedHashMap<>();
        int i = 0;
        while (i < text.length()) {
            int eq = text.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String key = text.substring(i, eq).strip();
            if (key.startsWith(",")) {
                key = key.substring(1).strip();
            }
            int start = text.indexOf('"', eq);
            if (start < 0) {
                break;
            }
            StringBuilder value = new StringBuilder();
            int j = start + 1;
            for (; j < text.length() && text.charAt(j) != '"'; j++) {
                if (text.charAt(j) == '\\' && j + 1 < text.length()) {
                    j++;
                }
                value.append(text.charAt(j));
            }
            labels.put(key, value.toString());
            i = j + 1;
        }
        return Map.copyOf(labels);
    }
}
