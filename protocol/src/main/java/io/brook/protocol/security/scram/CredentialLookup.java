package io.brook.protocol.security.scram;

/**
 * Where a {@link ScramServer} finds the stored credential of the user a client names. Called once
 * per exchange, on the thread that drives the exchange.
 */
@FunctionalInterface
public interface CredentialLookup {

    /**
     * @return the user's credential for {@code mechanism}, or null when the user is unknown or has
     *     no credential for that mechanism (the server then hides which it was)
     */
    ScramCredential find(String username, ScramMechanism mechanism);
}
