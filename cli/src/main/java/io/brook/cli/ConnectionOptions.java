package io.brook.cli;

import io.brook.client.ClientSecurity;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How client commands reach the cluster. */
public final class ConnectionOptions {

    static final String DEFAULT_BOOTSTRAP = "127.0.0.1:9192";

    @Option(names = {"-b", "--bootstrap"}, paramLabel = "HOST:PORT[,HOST:PORT...]",
            description = "Brokers to start from (default: $BROOK_BOOTSTRAP, else " + DEFAULT_BOOTSTRAP + ").")
    String bootstrap;

    @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "30000",
            description = "How long to wait for the cluster before giving up (default: ${DEFAULT-VALUE}).")
    long timeoutMs;

    @Option(names = "--verbose", description = "Print stack traces with errors.")
    boolean verbose;

    @Option(names = "--tls", description = "Connect with TLS (implied by --tls-ca and --tls-cert).")
    boolean tls;

    @Option(names = "--tls-ca", paramLabel = "FILE", description = "PEM file of the CA certificates to trust (default: the JVM's).")
    Path tlsCa;

    @Option(names = "--tls-cert", paramLabel = "FILE", description = "PEM certificate chain to present (mutual TLS); needs --tls-key.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "PEM (PKCS#8) private key of --tls-cert.")
    Path tlsKey;

    @Option(names = "--sasl-mechanism", paramLabel = "MECHANISM", defaultValue = "SCRAM-SHA-256",
            description = "SCRAM-SHA-256 or SCRAM-SHA-512, with --user (default: ${DEFAULT-VALUE}).")
    String saslMechanism;

    @Option(names = "--user", paramLabel = "NAME",
            description = "Authenticate as this user (SASL); the password comes from $BROOK_PASSWORD, else --password-file.")
    String user;

    @Option(names = "--password-file", paramLabel = "FILE", description = "File holding the password of --user (its first line).")
    Path passwordFile;

    /** TLS and SASL settings of the flags (and $BROOK_PASSWORD). */
    ClientSecurity security() {
        ClientSecurity.Builder b = ClientSecurity.builder().tlsEnabled(tls || tlsCa != null || tlsCert != null)
                .tlsCaFile(tlsCa).tlsCertFile(tlsCert).tlsKeyFile(tlsKey);
        if (user != null) {
            b.saslMechanism(saslMechanism).saslUsername(user).saslPassword(password());
        }
        try {
            return b.build();
        } catch (io.brook.client.InvalidConfigException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage());
        }
    }

    private char[] password() {
        String env = System.getenv("BROOK_PASSWORD");
        if (env != null && !env.isEmpty()) {
            return env.toCharArray();
        }
        if (passwordFile == null) {
            throw new CliException(ExitCodes.USAGE, "--user needs a password: set $BROOK_PASSWORD or --password-file");
        }
        return passwordFrom(passwordFile);
    }

    /** The first line of a password file; a missing, unreadable or empty file is a usage error. */
    static char[] passwordFrom(Path file) {
        try {
            java.util.List<String> lines = java.nio.file.Files.readAllLines(file);
            if (lines.isEmpty() || lines.get(0).isEmpty()) {
                throw new CliException(ExitCodes.USAGE, "the password file " + file + " is empty");
            }
            return lines.get(0).toCharArray();
        } catch (java.io.IOException e) {
            throw new CliException(ExitCodes.USAGE, "cannot read the password file " + file + ": " + e.getMessage());
        }
    }

    /** The bootstrap list: the flag, else BROOK_BOOTSTRAP, else the default. */
    String bootstrap() {
        if (bootstrap != null && !bootstrap.isBlank()) {
            return bootstrap;
        }
        String env = System.getenv("BROOK_BOOTSTRAP");
        return env == null || env.isBlank() ? DEFAULT_BOOTSTRAP : env;
    }
}
