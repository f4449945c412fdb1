/**
 * The DHT node actor ({@link io.seedfleet.engine.dht.node.DhtNode}) and its UDP I/O: a receive
 * thread that decodes and rate-limits datagrams before they reach the actor, the query client that
 * matches answers to transactions and drives lookups, and the saved routing table.
 */
package io.seedfleet.engine.dht.node;
