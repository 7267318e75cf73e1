/**
 * Brook's wire protocol: API keys and versions ({@link io.brook.protocol.ApiKey}), error codes and
 * their retry semantics ({@link io.brook.protocol.Errors}), shared validation rules such as topic
 * names ({@link io.brook.protocol.TopicNames}). The protobuf messages are generated into
 * {@code io.brook.protocol.message} from {@code src/main/proto}; framing lives in
 * {@code io.brook.protocol.frame}; the record batch in {@code io.brook.protocol.record}.
 * See {@code docs/protocol.md}. Depends on protobuf-java and Netty's buffers and codecs.
 */
package io.brook.protocol;
