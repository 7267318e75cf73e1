package io.brook.protocol.security.tls;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import java.util.ArrayList;
import java.util.List;

/** The TLS providers the tests run with: the JDK's always, OpenSSL when it loads on this machine. */
final class TlsProviders {

    private TlsProviders() {
    }

    static List<SslProvider> available() {
        List<SslProvider> providers = new ArrayList<>(List.of(SslProvider.JDK));
        if (OpenSsl.isAvailable()) {
            providers.add(SslProvider.OPENSSL);
        } else {
            System.out.println("OpenSSL is not available, TLS tests run with the JDK only: "
                    + OpenSsl.unavailabilityCause());
        }
        return providers;
    }

    /** {@code options} set to use {@code provider}; checks that they do. */
    static TlsOptions using(TlsOptions options, SslProvider provider) {
        TlsOptions chosen = options.withPreferOpenSsl(provider == SslProvider.OPENSSL);
        if (SslContexts.providerFor(chosen) != provider) {
            throw new AssertionError("options do not lead to " + provider);
        }
        System.out.println("TLS test runs with provider " + provider);
        return chosen;
    }
}
