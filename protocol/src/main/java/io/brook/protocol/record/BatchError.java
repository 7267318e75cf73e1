package io.brook.protocol.record;

/**
 * Why a run of bytes is not a valid record batch. {@link #NONE} means it is.
 * Returned by {@link RecordBatch#validate}; hot paths branch on it without exceptions.
 */
public enum BatchError {
    NONE("valid"),
    /** Fewer bytes are present than the batch header or its length field announce. */
    TRUNCATED("batch is truncated"),
    /** The length field is smaller than a batch header or negative. */
    BAD_LENGTH("batch length is impossible"),
    /** The batch is larger than the configured maximum. */
    TOO_LARGE("batch is larger than the maximum batch size"),
    /** The magic byte is not 2. */
    BAD_MAGIC("unsupported magic (only record batch v2, magic 2, is accepted)"),
    /** The CRC32C over attributes..end does not match the stored one. */
    BAD_CRC("CRC32C mismatch"),
    /** Unknown compression codec or attribute bits Brook does not accept. */
    BAD_ATTRIBUTES("unsupported attributes"),
    /** The record count is not positive or disagrees with the last offset delta. */
    BAD_RECORD_COUNT("record count disagrees with the last offset delta"),
    /** The records section cannot be parsed into the announced number of records. */
    BAD_RECORDS("records section is malformed");

    private final String description;

    BatchError(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
