/**
 * Synchronization of a participant's audio and video by (key, slot): a changelogged store of
 * pending slots, emission on completion or under documented give-up rules that ride out broker
 * stalls, duplicate dropping, and late chunks to the dead-letter topic.
 */
package dev.affectstreams.sync;
