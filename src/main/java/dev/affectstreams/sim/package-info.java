/**
 * Simulated calls, a test instrument: seeded participants (face, light, voice), expression
 * timelines over neutral and the six MOSEI emotions, Java2D faces and source-filter voices that
 * show them (statistically, with nuisances), and MP4 + labels output. Numbers measured on it
 * are never accuracy on real people.
 */
package dev.affectstreams.sim;
