/**
 * The fleet: many seedfleet nodes in one Pekko Cluster acting as one seedbox. Torrents become
 * sharded entities keyed by info-hash; the catalogue of desired state is replicated and durable.
 */
package io.seedfleet.cluster;
