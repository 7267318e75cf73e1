package io.brook.client.internal.network;

import com.google.protobuf.ByteString;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import io.brook.client.AuthenticationException;
import io.brook.client.ClientSecurity;
import io.brook.client.internal.ErrorMapping;
import io.brook.protocol.ApiKey;
import io.brook.protocol.frame.Frame;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.SaslAuthenticateRequest;
import io.brook.protocol.message.SaslAuthenticateResponse;
import io.brook.protocol.message.SaslHandshakeRequest;
import io.brook.protocol.message.SaslHandshakeResponse;
import io.brook.protocol.security.scram.ScramClient;
import io.brook.protocol.security.scram.ScramException;
import io.brook.protocol.security.scram.ScramMechanism;
import io.brook.protocol.security.scram.ScramNonces;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/**
 * The client's SASL SCRAM exchange on one connection, right after ApiVersions: SaslHandshake with the
 * configured mechanism, then SaslAuthenticate with the client-first and the client-final messages of
 * a {@link ScramClient}, whose check of the server-final message proves that the broker holds the
 * user's credential. Any refusal fails with an {@link AuthenticationException} (an unknown user and a
 * wrong password read the same). Single use; driven on the connection's event loop.
 */
final class SaslExchange {

    /** One SCRAM step, which may refuse the peer's message. */
    @FunctionalInterface
    private interface Step<T> {
        T run() throws ScramException;
    }

    private final ClientSecurity security;
    private final String broker;
    private final BiFunction<ApiKey, MessageLite, CompletableFuture<Frame>> send;

    /**
     * @param send sends one request on the connection before any queued one, completing with the
     *     response frame (released here)
     */
    SaslExchange(ClientSecurity security, String broker, BiFunction<ApiKey, MessageLite, CompletableFuture<Frame>> send) {
        this.security = security;
        this.broker = broker;
        this.send = send;
    }

    /** Completes once the broker accepted the proof and proved itself in turn. */
    CompletableFuture<Void> run() {
        ScramClient scram;
        char[] password = security.saslPassword();
        try {
            scram = new ScramClient(ScramMechanism.forName(security.saslMechanism()), security.saslUsername(), password,
                    ScramNonces.secureRandom());
        } catch (ScramException | IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new AuthenticationException("cannot authenticate to broker " + broker + ": "
                    + e.getMessage() + "; check sasl.mechanism, sasl.username and sasl.password", e, ErrorCode.NONE));
        } finally {
            Arrays.fill(password, '\0');
        }
        SaslHandshakeRequest handshake = SaslHandshakeRequest.newBuilder().setMechanism(security.saslMechanism()).build();
        return call(ApiKey.SASL_HANDSHAKE, handshake, SaslHandshakeResponse.parser()).thenCompose(h -> {
            check(h.getErrorCode(), h.getErrorMessage());
            return authenticate(step(scram::clientFirst));
        }).thenCompose(first -> authenticate(step(() -> scram.clientFinal(first.getAuthBytes().toByteArray()))))
                .thenAccept(last -> step(() -> {
                    scram.verifyServerFinal(last.getAuthBytes().toByteArray());
                    return null;
                }));
    }

    private CompletableFuture<SaslAuthenticateResponse> authenticate(byte[] message) {
        SaslAuthenticateRequest request = SaslAuthenticateRequest.newBuilder().setAuthBytes(ByteString.copyFrom(message)).build();
        return call(ApiKey.SASL_AUTHENTICATE, request, SaslAuthenticateResponse.parser()).thenApply(r -> {
            check(r.getErrorCode(), r.getErrorMessage());
            return r;
        });
    }

    private <T extends MessageLite> CompletableFuture<T> call(ApiKey api, MessageLite request, Parser<T> parser) {
        return send.apply(api, request).thenApply(frame -> NetworkClient.parse(frame, parser, api, "broker " + broker));
    }

    private static void check(ErrorCode code, String message) {
        if (code != ErrorCode.NONE) {
            throw ErrorMapping.toException(code, message, null, -1, -1);
        }
    }

    /** Runs a SCRAM step; its refusal of the broker's message fails the exchange. */
    private <T> T step(Step<T> step) {
        try {
            return step.run();
        } catch (ScramException e) {
            throw new AuthenticationException("SASL authentication with broker " + broker + " failed: " + e.getMessage()
                    + (e.reason() == ScramException.Reason.INVALID_SERVER_SIGNATURE
                    ? " (the broker may be an impostor, or the user's credential changed during the exchange)" : ""),
                    e, ErrorCode.NONE);
        }
    }
}
