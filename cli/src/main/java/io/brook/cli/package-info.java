/**
 * The {@code brook} command line (picocli): one class per subcommand, shared options in mixins,
 * output through the command spec's writers, errors mapped to exit codes by
 * {@link io.brook.cli.ErrorHandler}. Depends on the broker (server, dev) and the client (everything
 * else); nothing depends on the CLI.
 */
package io.brook.cli;
