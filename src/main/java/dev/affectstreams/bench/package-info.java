/**
 * Benchmarks, one class per benchmark, behind the {@code bench} commands: each measures the product
 * side by side with a reference in one run and returns figures as records that print as Markdown and
 * JSON. They depend on the product; nothing in the product depends on them.
 */
package dev.affectstreams.bench;
