package io.brook.testcontainers;

import com.github.dockerjava.api.exception.NotFoundException;
import java.util.Optional;
import org.testcontainers.DockerClientFactory;

/**
 * Whether Brook containers can start here, for tests that skip rather than fail on a machine
 * without Docker or without the image: {@code assumeTrue(BrookImages.unavailableReason(image).isEmpty())}.
 */
public final class BrookImages {

    /**
     * The image the containers run unless told otherwise: built from this repository by
     * {@code docker/build-image.sh} (Brook publishes no image to a registry yet).
     */
    public static final String DEFAULT_IMAGE = "brook:local";

    private BrookImages() {}

    /** Empty when a container of {@code image} can start here, else what is missing and how to get it. */
    public static Optional<String> unavailableReason(String image) {
        boolean available;
        try {
            available = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | Error e) {
            return Optional.of("Testcontainers cannot use Docker: " + oneLine(e) + hint());
        }
        if (!available) {
            return Optional.of("no Docker engine is reachable" + hint());
        }
        try {
            DockerClientFactory.instance().client().inspectImageCmd(image).exec();
        } catch (NotFoundException e) {
            return Optional.of("image " + image + " does not exist; build it with docker/build-image.sh "
                    + "(where no registry is reachable: BASE_IMAGE=brook/jre17-base:local docker/build-image.sh)");
        } catch (RuntimeException e) {
            return Optional.of("Docker answers but Testcontainers cannot use it: " + oneLine(e) + hint());
        }
        return Optional.empty();
    }

    /** Whether the engine has the default {@code bridge} network (engines started without one only offer the host's). */
    static boolean hasBridgeNetwork() {
        try {
            DockerClientFactory.instance().client().inspectNetworkCmd().withNetworkId("bridge").exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    private static String hint() {
        if (System.getenv("TESTCONTAINERS_RYUK_DISABLED") != null && System.getenv("TESTCONTAINERS_HOST_OVERRIDE") != null) {
            return "";
        }
        return " (with an engine that has no bridge network and no registry, export TESTCONTAINERS_RYUK_DISABLED=true "
                + "and TESTCONTAINERS_HOST_OVERRIDE=localhost, as .ci/run does)";
    }

    private static String oneLine(Throwable t) {
        String m = t.getMessage() == null ? "" : ": " + t.getMessage().strip().replaceAll("\\s*\\n\\s*", " ");
        return t.getClass().getSimpleName() + m;
    }
}
