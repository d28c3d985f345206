package dev.pipeline.cli.bench;

/**
 * What one process cost during a run, as the JVM and the OS report it (null: not available): the
 * largest heap in use and live data after GC seen by sampling (Spring services only), its peak
 * resident set ({@code VmHWM}, since the process started), and the CPU time and GC pauses spent
 * during the run.
 */
record ServiceFigures(String service, Long pid, Long peakHeapBytes, Long peakLiveDataBytes, Long peakRssBytes,
        Double cpuSeconds, Double gcPauseSeconds, Long gcPauses) {
}
