/**
 * Finding peers: tracker transports (HTTP via the JDK client, UDP on one shared socket) and the
 * per-torrent {@link io.seedfleet.engine.discovery.TrackerClient} actor. The protocol code they
 * use is pure and lives in {@code io.seedfleet.engine.tracker}.
 */
package io.seedfleet.engine.discovery;
