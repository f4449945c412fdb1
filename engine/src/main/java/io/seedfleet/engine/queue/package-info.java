/**
 * Queueing and seeding policy, as pure functions: which torrents may run given the maximum number
 * of active downloads and seeds, and when a seeding torrent has given back enough.
 */
package io.seedfleet.engine.queue;
