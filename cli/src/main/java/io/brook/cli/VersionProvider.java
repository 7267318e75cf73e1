package io.brook.cli;

import picocli.CommandLine.IVersionProvider;

/** Prints the build's version (from the jar manifest when packaged). */
public final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {"brook " + (v == null ? "development build" : v) + " (Java " + System.getProperty("java.version") + ")"};
    }
}
