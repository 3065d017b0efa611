/**
 * The {@code affect-streams} command line: picocli commands that parse arguments, load the
 * layered configuration, wire components and start them. No business logic lives here.
 */
package dev.affectstreams.cli;
