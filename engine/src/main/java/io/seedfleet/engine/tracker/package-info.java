/**
 * Tracker protocols without I/O: the HTTP announce and scrape (BEP 3, 23, 7, 48), the UDP tracker
 * packets (BEP 15), tier ordering (BEP 12), back-off and interval policy. The transports and the
 * per-torrent actor live in {@code io.seedfleet.engine.discovery}.
 */
package io.seedfleet.engine.tracker;
