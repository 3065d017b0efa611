/** Operations: the state query API over HTTP. */
package dev.affectstreams.ops;
