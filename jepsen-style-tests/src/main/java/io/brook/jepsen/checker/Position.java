package io.brook.jepsen.checker;

/** A place in the log: partition and offset; printed {@code p2@41}, the form every example uses. */
record Position(int partition, long offset) {

    @Override
    public String toString() {
        return "p" + partition + "@" + offset;
    }
}
