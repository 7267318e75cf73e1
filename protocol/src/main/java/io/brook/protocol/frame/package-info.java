/**
 * Framing of Brook's wire protocol on Netty: {@link io.brook.protocol.frame.FrameDecoder} turns a
 * byte stream into {@link io.brook.protocol.frame.Frame}s (or {@link io.brook.protocol.frame.FrameError}s,
 * never exceptions), {@link io.brook.protocol.frame.FrameEncoder} writes
 * {@link io.brook.protocol.frame.OutboundFrame}s whose payload may be file regions sent with zero
 * copy. The byte layout is in {@link io.brook.protocol.frame.FrameLayout} and {@code docs/protocol.md}.
 */
package io.brook.protocol.frame;
