package io.brook.client;

import io.brook.protocol.message.ErrorCode;

/**
 * The client could not authenticate (SASL): unknown user or wrong password, a mechanism the broker does not enable, or a request before authentication.
 * Also a failed TLS handshake: an untrusted, expired or misnamed broker certificate, a client certificate the broker refuses, a broker that does not speak TLS.
 * Not retriable with the same credentials.
 */
public final class AuthenticationException extends BrookException {

    private static final long serialVersionUID = 1L;

    public AuthenticationException(String message, Throwable cause, ErrorCode errorCode) {
        super(message, cause, errorCode);
    }
}
