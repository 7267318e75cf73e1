package io.brook.storage;

import java.nio.file.Path;

/**
 * A small file that must survive a crash exists but cannot be trusted: it is empty, cut short,
 * not of the expected kind, of a format version this build does not read, or fails its checksum.
 * Thrown by {@link ChecksummedFile} and {@link ChecksummedProperties} (and by their callers when the
 * payload itself makes no sense); an absent file is not damage and is never reported with it.
 *
 * <p>Whoever catches it decides what to do: fall back to something that loses nothing (and log
 * it), or stop and tell the operator. The message names the file and what is wrong; callers that
 * know what the operator can do add it with {@link #withAdvice}.
 */
public final class DamagedFileException extends StorageException {

    private static final long serialVersionUID = 1L;

    /** What is wrong with the file. */
    public enum Problem {
        /** Zero bytes: what a write that was never fsynced leaves after a power loss. */
        EMPTY,
        /** Shorter than its header or than its length field says. */
        TRUNCATED,
        /** Does not start with the magic number (or key) of its kind. */
        WRONG_KIND,
        /** Written in a format version this build does not read (a newer Brook wrote it). */
        UNSUPPORTED_VERSION,
        /** A length field disagrees with the file's size. */
        BAD_LENGTH,
        /** The CRC32C stored in the file does not match its content. */
        BAD_CHECKSUM,
        /** The envelope is intact but its content makes no sense to the reader. */
        BAD_CONTENT
    }

    private final transient Path file;
    private final Problem problem;
    private final String detail;

    /**
     * @param detail what is wrong, in words (e.g. "CRC32C is 0x1234abcd but the content gives 0x99887766")
     */
    public DamagedFileException(Path file, Problem problem, String detail) {
        this(file, problem, detail, null);
    }

    private DamagedFileException(Path file, Problem problem, String detail, String advice) {
        super(file + " is damaged: " + detail + (advice == null ? "" : "; " + advice));
        this.file = file;
        this.problem = problem;
        this.detail = detail;
    }

    /** The same damage, with a sentence on what the operator can do appended to the message. */
    public DamagedFileException withAdvice(String advice) {
        DamagedFileException e = new DamagedFileException(file, problem, detail, advice);
        e.initCause(this);
        return e;
    }

    public Path file() {
        return file;
    }

    public Problem problem() {
        return problem;
    }

    /** What is wrong, without the file name. */
    public String detail() {
        return detail;
    }
}
