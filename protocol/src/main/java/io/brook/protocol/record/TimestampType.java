package io.brook.protocol.record;

/** Whether record timestamps were set by the producer or by the broker on append (attributes bit 3). */
public enum TimestampType {
    CREATE_TIME,
    LOG_APPEND_TIME
}
