/**
 * Fast resume: a node-local snapshot of which pieces of a torrent are verified on disk, so that a
 * restart hashes only what may have changed. {@link io.seedfleet.engine.resume.ResumeState} is the
 * snapshot, {@link io.seedfleet.engine.resume.ResumeCodec} its versioned Kryo encoding, {@link
 * io.seedfleet.engine.resume.ResumeStore} the crash-safe file, {@link
 * io.seedfleet.engine.resume.ResumePlan} the decision of what to trust and {@link
 * io.seedfleet.engine.resume.FastResume} the load-or-recheck and save sequences the torrent runs.
 *
 * <p>Pure Java, no actors (see docs/adr/0008-fast-resume.md). A snapshot that cannot be used is
 * never an error: the torrent falls back to a full check.
 */
package io.seedfleet.engine.resume;
