/**
 * Typed settings declared once (name, type, default, validator, doc), their layering
 * (defaults &lt; file &lt; environment &lt; flags) and the immutable topic registry.
 */
package dev.affectstreams.config;
