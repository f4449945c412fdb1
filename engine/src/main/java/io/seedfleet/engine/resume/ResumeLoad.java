package io.seedfleet.engine.resume;

/** What reading a resume snapshot gave: a state to trust (after {@link ResumePlan}), or why not. */
public sealed interface ResumeLoad {

  record Usable(ResumeState state) implements ResumeLoad {}

  /** The torrent falls back to a full check; {@code detail} is for the log line that says why. */
  record Unusable(Reason reason, String detail) implements ResumeLoad {}

  enum Reason {
    /** No snapshot yet: a new torrent, or resume was off. */
    MISSING,
    /** Larger than any snapshot of this torrent can be; not read. */
    TOO_LARGE,
    /** Too short, or the magic bytes are wrong. */
    NOT_A_RESUME_FILE,
    /** Written by another format version. */
    VERSION_MISMATCH,
    /** The CRC32 does not match: a torn or damaged file. */
    CHECKSUM_MISMATCH,
    /** The checksum matched but the body breaks a limit or the layout. */
    MALFORMED,
    /** Written for another torrent or another piece/file layout. */
    METAINFO_MISMATCH,
    /** The file exists but could not be read. */
    IO_ERROR
  }
}
