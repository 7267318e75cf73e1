/**
 * SCRAM-SHA-256 and SCRAM-SHA-512 (RFC 5802, RFC 7677) as a pure library: the client's and the
 * server's halves of the exchange ({@link io.brook.protocol.security.scram.ScramClient},
 * {@link io.brook.protocol.security.scram.ScramServer}) turn message bytes into message bytes and
 * never touch a socket, a clock or a file; the bytes travel inside Brook's own protobuf requests,
 * which is the caller's business. What the cluster stores per user is a
 * {@link io.brook.protocol.security.scram.ScramCredential} (salt, iteration count, stored key,
 * server key; never the password), with a versioned binary encoding. Failures are
 * {@link io.brook.protocol.security.scram.ScramException}s whose reason maps to an error code.
 * Depends only on the JDK ({@code javax.crypto}, {@code java.security}).
 *
 * <p>Not supported: channel binding (the {@code -PLUS} mechanisms), an authorization identity
 * different from the user name, and full SASLprep (RFC 4013): names and passwords are taken as
 * UTF-8 text as given, and those holding control characters are refused.
 */
package io.brook.protocol.security.scram;
