/**
 * Feature datasets on disk (one row per chunk, group-aware splits), the feature vectors of a training
 * sample, and the annotated real face photos used for the starter release and its evaluation.
 */
package dev.affectstreams.model.data;
