/** What events mean to a participant: consent and policy, and the smoothed expression state. */
package dev.affectstreams.events;
