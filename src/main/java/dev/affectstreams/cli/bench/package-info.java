/**
 * The {@code bench} commands: one picocli command per benchmark in {@code dev.affectstreams.bench}, each
 * parsing its options, calling the benchmark and writing its figures.
 */
package dev.affectstreams.cli.bench;
