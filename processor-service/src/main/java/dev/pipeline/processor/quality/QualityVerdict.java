package dev.pipeline.processor.quality;

import dev.pipeline.common.report.ReportKeys;
import dev.pipeline.common.report.ReportKeys.Gate;
import java.util.List;
import tools.jackson.core.JsonGenerator;

/** Every gate a run's sources declared, checked: the report's {@code quality} section. */
public record QualityVerdict(List<GateResult> gates) {

    public QualityVerdict {
        gates = List.copyOf(gates);
    }

    /** Whether a gate was missed: the run ends {@code DEGRADED}. */
    public boolean degraded() {
        return gates.stream().anyMatch(gate -> !gate.passed());
    }

    /** The gates missed, in words. */
    public List<String> reasons() {
        return gates.stream()
                .filter(gate -> !gate.passed())
                .map(GateResult::reason)
                .toList();
    }

    /** Writes the section, key and value, where the generator is (right after the summary). */
    public void write(JsonGenerator out) {
        out.writeObjectPropertyStart(ReportKeys.QUALITY);
        out.writeBooleanProperty(ReportKeys.Quality.DEGRADED, degraded());
        out.writeArrayPropertyStart(ReportKeys.Quality.GATES);
        for (GateResult gate : gates) {
            out.writeStartObject();
            out.writeStringProperty(Gate.SOURCE, gate.source());
            out.writeStringProperty(Gate.GATE, gate.gate().wireName());
            out.writeNumberProperty(Gate.EXPECTED, gate.expected().stripTrailingZeros());
            if (gate.actual() == null) {
                out.writeNullProperty(Gate.ACTUAL);
            } else {
                out.writeNumberProperty(Gate.ACTUAL, gate.actual().stripTrailingZeros());
            }
            out.writeBooleanProperty(Gate.PASSED, gate.passed());
            out.writeStringProperty(Gate.DETAIL, gate.detail());
            out.writeEndObject();
        }
        out.writeEndArray();
        out.writeEndObject();
    }
}
