package io.brook.protocol.frame;

/**
 * Byte layout of frames. All integers are big-endian.
 *
 * <table>
 * <caption>Request frame</caption>
 * <tr><th>Offset</th><th>Field</th><th>Type</th></tr>
 * <tr><td>0</td><td>frame length n: bytes after this field (at most the receiver's max.frame.bytes)</td><td>int32</td></tr>
 * <tr><td>4</td><td>API key ({@link io.brook.protocol.ApiKey})</td><td>int16</td></tr>
 * <tr><td>6</td><td>API version</td><td>int16</td></tr>
 * <tr><td>8</td><td>correlation id, echoed in the response</td><td>int32</td></tr>
 * <tr><td>12</td><td>client id length c (-1: none)</td><td>int16</td></tr>
 * <tr><td>14</td><td>client id (UTF-8)</td><td>c bytes</td></tr>
 * <tr><td>14+c</td><td>message length m</td><td>int32</td></tr>
 * <tr><td>18+c</td><td>protobuf request message of the API</td><td>m bytes</td></tr>
 * <tr><td>18+c+m</td><td>payload: record batches, as sized by the message (may be empty)</td><td>rest of the frame</td></tr>
 * </table>
 *
 * <table>
 * <caption>Response frame</caption>
 * <tr><th>Offset</th><th>Field</th><th>Type</th></tr>
 * <tr><td>0</td><td>frame length n</td><td>int32</td></tr>
 * <tr><td>4</td><td>correlation id of the request</td><td>int32</td></tr>
 * <tr><td>8</td><td>API key of the request</td><td>int16</td></tr>
 * <tr><td>10</td><td>API version of the request</td><td>int16</td></tr>
 * <tr><td>12</td><td>frame error code: 0, or an {@code ErrorCode} when the request could not be
 *     handled at all (the message is then an {@code ErrorResponse})</td><td>int16</td></tr>
 * <tr><td>14</td><td>message length m</td><td>int32</td></tr>
 * <tr><td>18</td><td>protobuf response message</td><td>m bytes</td></tr>
 * <tr><td>18+m</td><td>payload: record batches (Fetch)</td><td>rest of the frame</td></tr>
 * </table>
 */
public final class FrameLayout {

    /** The length prefix. */
    public static final int LENGTH_FIELD = 4;
    /** Smallest request body: key, version, correlation id, client id length, message length. */
    public static final int MIN_REQUEST_BODY = 2 + 2 + 4 + 2 + 4;
    /** Response body before the message: correlation id, key, version, error, message length. */
    public static final int RESPONSE_HEADER = 4 + 2 + 2 + 2 + 4;
    /** Bytes needed after the length to know who sent an oversized request: key, version, correlation id. */
    public static final int REQUEST_ID_PREFIX = 2 + 2 + 4;

    /** Default largest frame a broker accepts (overridable with max.frame.bytes). */
    public static final int DEFAULT_MAX_FRAME_BYTES = 64 * 1024 * 1024;

    private FrameLayout() {}
}
