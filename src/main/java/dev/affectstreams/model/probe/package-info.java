/**
 * The linear probe on frozen representations: training with per-label positive weights, the calibrated
 * per-label thresholds and the dominant-label rule, and the classification metrics.
 */
package dev.affectstreams.model.probe;
