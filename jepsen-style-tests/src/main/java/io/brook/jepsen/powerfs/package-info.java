/**
 * A power-loss file system for the fault tests: {@code powerfs}, a FUSE file system written in C
 * against libfuse3 (the sources ship as resources of this package, {@code powerfs.c} for the FUSE side
 * and {@code state.c} for the current and durable state, and are compiled with gcc on first use,
 * never committed as a binary), mounted over a broker's data directory. It keeps what was
 * written but not fsynced in memory and drops it on command, as a machine that loses power would:
 * {@link io.brook.jepsen.powerfs.PowerFs} says whether this machine can mount it and builds it;
 * {@link io.brook.jepsen.powerfs.PowerFsMount} runs one mount and cuts its power. The semantics are in
 * the C source's header comment and in {@code docs/reliability.md}. Depends on the JDK only.
 */
package io.brook.jepsen.powerfs;
