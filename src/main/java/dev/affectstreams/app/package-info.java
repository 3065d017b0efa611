/**
 * The application layer: start-up and shutdown of the live path ({@link dev.affectstreams.app.LiveService},
 * {@link dev.affectstreams.app.LivePath}) and of the retraining worker
 * ({@link dev.affectstreams.app.RetrainService}), the model line they serve
 * ({@link dev.affectstreams.app.ServedLine}) and the state query API. Commands parse arguments and
 * call these; nothing in the product depends on this package.
 */
package dev.affectstreams.app;
