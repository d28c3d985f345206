/**
 * Reports: deciding exactly when a run is complete, writing its report atomically, and serving it.
 */
package dev.pipeline.processor.report;
