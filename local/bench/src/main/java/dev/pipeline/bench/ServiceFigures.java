package dev.pipeline.bench;

/**
 * What one process cost during a run, as the JVM and the OS report it (null: not available): the
 * largest heap in use, old generation in use (what survived young collections: it grows if a
 * service keeps records) and live data after the last marking cycle (G1 reports 0 until one has
 * run) seen by sampling (Spring services only), its peak
 * resident set ({@code VmHWM}, since the process started), and the CPU time and GC pauses spent
 * during the run; of that CPU, what its JIT compiler threads used (a JVM's compiling, which a long-lived
 * service pays once, but a run of a minute pays throughout: its per-page code becomes hot only then).
 */
record ServiceFigures(
        String service,
        Long pid,
        Long peakHeapBytes,
        Long peakOldGenBytes,
        Long peakLiveDataBytes,
        Long peakRssBytes,
        Double cpuSeconds,
        Double jitCpuSeconds,
        Double gcPauseSeconds,
        Long gcPauses) {}
