package io.brook.jepsen.report;

/**
 * When a fault was in force, on the history's clock (nanoseconds since the run started).
 *
 * @param name what the nemesis did, e.g. {@code kill-leader} or {@code partition-halves}
 * @param startNanos when it was injected
 * @param endNanos when it was healed
 */
public record FaultWindow(String name, long startNanos, long endNanos) {

    public FaultWindow {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a fault window needs a name");
        }
        if (startNanos < 0 || endNanos < startNanos) {
            throw new IllegalArgumentException("fault window " + name + " must have 0 <= start <= end: "
                    + startNanos + ", " + endNanos);
        }
    }
}
