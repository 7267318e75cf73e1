package io.brook.client.internal.network;

import io.brook.client.UnsupportedVersionException;
import io.brook.protocol.ApiKey;
import io.brook.protocol.message.ApiVersionRange;
import io.brook.protocol.message.ApiVersionsResponse;
import java.util.HashMap;
import java.util.Map;

/**
 * What one broker announced in its ApiVersions response: the version range of each API it serves
 * and the largest frame it accepts. Picks, per API, the highest version both sides speak.
 * Immutable.
 */
final class BrokerVersions {

    private final int brokerId;
    private final Map<Integer, ApiVersionRange> ranges = new HashMap<>();
    private final int maxFrameBytes;

    BrokerVersions(ApiVersionsResponse response) {
        this.brokerId = response.getBrokerId();
        for (ApiVersionRange r : response.getApisList()) {
            ranges.put(r.getApiKey(), r);
        }
        this.maxFrameBytes = response.getMaxFrameBytes() > 0 ? response.getMaxFrameBytes() : Integer.MAX_VALUE;
    }

    /** The largest frame the broker accepts, in bytes (after the length field). */
    int maxFrameBytes() {
        return maxFrameBytes;
    }

    /**
     * @throws UnsupportedVersionException when the broker serves no version of {@code api} this client speaks
     */
    short versionFor(ApiKey api, String broker) {
        ApiVersionRange r = ranges.get((int) api.id());
        if (r == null) {
            throw new UnsupportedVersionException("broker " + broker + " (id " + brokerId + ") does not serve " + api
                    + ": upgrade the broker");
        }
        int version = Math.min(api.maxVersion(), r.getMaxVersion());
        if (version < api.minVersion() || version < r.getMinVersion()) {
            throw new UnsupportedVersionException("broker " + broker + " (id " + brokerId + ") serves " + api + " versions "
                    + r.getMinVersion() + ".." + r.getMaxVersion() + " and this client " + api.minVersion() + ".."
                    + api.maxVersion() + ": upgrade " + (r.getMinVersion() > api.maxVersion() ? "the client" : "the broker"));
        }
        return (short) version;
    }
}
