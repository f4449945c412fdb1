/**
 * Transfer rate limits and connection caps: token buckets in bytes per second, refilled from a
 * monotonic clock the caller passes in, so they are tested without sleeping. Plain Java, no actors:
 * the network loop and peer actors take tokens from them directly. See docs/adr/0009-rate-limits.md.
 */
package io.seedfleet.engine.limit;
