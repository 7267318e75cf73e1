package io.brook.broker.config;

import io.brook.storage.LogConfig;
import java.io.IOException;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The broker's configuration. Values come, lowest precedence first, from the defaults below, a
 * properties file, {@code BROOK_*} environment variables (key upper-cased, dots as underscores:
 * {@code log.segment.bytes} is {@code BROOK_LOG_SEGMENT_BYTES}) and explicit overrides (command-line
 * flags). Unknown keys in the file or overrides and invalid values fail with a
 * {@link ConfigException} whose one-line message names the key. Immutable.
 */
public final class BrokerConfig {

    public static final String BROKER_ID = "broker.id";
    public static final String CLUSTER_ID = "cluster.id";
    public static final String LISTENER = "listener";
    public static final String ADVERTISED_LISTENER = "advertised.listener";
    public static final String PEER_LISTENER = "peer.listener";
    /** The default peer listener port is the client listener's plus this. */
    public static final int PEER_PORT_OFFSET = 100;
    public static final String ADVERTISED_PEER_LISTENER = "advertised.peer.listener";
    /** host:port of the HTTP endpoint serving /metrics, /health/live and /health/ready; empty: none. */
    public static final String METRICS_LISTENER = "metrics.listener";
    public static final String PEER_AUTHENTICATION = "peer.authentication";
    public static final String CLUSTER_SECRET_FILE = "cluster.secret.file";
    public static final String TLS_ENABLED = "tls.enabled";
    public static final String PEER_TLS_ENABLED = "peer.tls.enabled";
    public static final String TLS_KEY_FILE = "tls.key.file";
    public static final String TLS_CERT_FILE = "tls.cert.file";
    public static final String TLS_CA_FILE = "tls.ca.file";
    public static final String TLS_CLIENT_AUTH = "tls.client.auth";
    public static final String TLS_RELOAD_INTERVAL_MS = "tls.reload.interval.ms";
    public static final String CLIENT_AUTHENTICATION = "client.authentication";
    public static final String SASL_ENABLED_MECHANISMS = "sasl.enabled.mechanisms";
    public static final String AUTHORIZATION_ENABLED = "authorization.enabled";
    public static final String SUPER_USERS = "super.users";
    public static final String QUOTA_PRODUCE_BYTES_PER_SECOND = "quota.produce.bytes.per.second";
    public static final String QUOTA_FETCH_BYTES_PER_SECOND = "quota.fetch.bytes.per.second";
    public static final String QUOTA_OVERRIDES = "quota.overrides";
    public static final String DATA_DIR = "data.dir";
    public static final String MAX_FRAME_BYTES = "max.frame.bytes";
    public static final String NETWORK_THREADS = "network.threads";
    public static final String LOG_THREADS = "log.threads";
    public static final String AUTO_CREATE_TOPICS = "auto.create.topics";
    public static final String DEFAULT_PARTITIONS = "default.partitions";
    public static final String MAX_PARTITIONS = "max.partitions.per.topic";
    public static final String LOG_SEGMENT_BYTES = "log.segment.bytes";
    public static final String LOG_SEGMENT_MS = "log.segment.ms";
    public static final String LOG_RETENTION_MS = "log.retention.ms";
    public static final String LOG_RETENTION_BYTES = "log.retention.bytes";
    public static final String LOG_INDEX_INTERVAL_BYTES = "log.index.interval.bytes";
    public static final String LOG_MAX_BATCH_BYTES = "log.max.batch.bytes";
    public static final String LOG_FLUSH_INTERVAL_MS = "log.flush.interval.ms";
    public static final String LOG_FLUSH_THREADS = "log.flush.threads";
    public static final String LOG_RETENTION_CHECK_INTERVAL_MS = "log.retention.check.interval.ms";
    public static final String SHUTDOWN_TIMEOUT_MS = "shutdown.timeout.ms";
    public static final String MAX_PENDING_BYTES_PER_CONNECTION = "max.pending.bytes.per.connection";
    public static final String CONTROLLER_VOTERS = "controller.voters";
    public static final String PEER_ADDRESSES = "peer.addresses";
    public static final String BROKER_HEARTBEAT_MS = "broker.heartbeat.ms";
    public static final String BROKER_SESSION_TIMEOUT_MS = "broker.session.timeout.ms";
    public static final String RAFT_TICK_MS = "raft.tick.ms";
    public static final String RAFT_ELECTION_TICKS = "raft.election.ticks";
    public static final String RAFT_HEARTBEAT_TICKS = "raft.heartbeat.ticks";
    public static final String RAFT_QUIESCENT_HEARTBEAT_TICKS = "raft.quiescent.heartbeat.ticks";
    public static final String RAFT_MAX_INFLIGHT = "raft.max.inflight";
    public static final String RAFT_MAX_APPEND_BYTES = "raft.max.append.bytes";
    public static final String METADATA_LOG_SEGMENT_BYTES = "metadata.log.segment.bytes";
    public static final String METADATA_CHECKPOINT_RECORDS = "metadata.checkpoint.records";
    public static final String PRODUCER_ID_EXPIRATION_MS = "producer.id.expiration.ms";
    public static final String GROUPS_TOPIC_PARTITIONS = "groups.topic.partitions";
    public static final String GROUPS_TOPIC_REPLICATION_FACTOR = "groups.topic.replication.factor";
    public static final String GROUPS_TOPIC_SEGMENT_BYTES = "groups.topic.segment.bytes";
    public static final String GROUPS_SNAPSHOT_INTERVAL_RECORDS = "groups.snapshot.interval.records";
    public static final String GROUP_HEARTBEAT_INTERVAL_MS = "group.heartbeat.interval.ms";
    public static final String GROUP_RECONCILING_HEARTBEAT_INTERVAL_MS = "group.reconciling.heartbeat.interval.ms";
    public static final String GROUP_SESSION_TIMEOUT_MS = "group.session.timeout.ms";
    public static final String GROUP_MAX_SIZE = "group.max.size";
    public static final String GROUP_ASSIGNOR = "group.assignor";
    public static final String OFFSET_METADATA_MAX_BYTES = "offset.metadata.max.bytes";
    public static final String OFFSETS_RETENTION_MS = "offsets.retention.ms";
    public static final String OFFSETS_RETENTION_CHECK_INTERVAL_MS = "offsets.retention.check.interval.ms";
    public static final String BROKER_RACK = "broker.rack";
    public static final String LEADER_REBALANCE_ENABLED = "leader.rebalance.enabled";
    public static final String LEADER_REBALANCE_INTERVAL_MS = "leader.rebalance.interval.ms";
    public static final String LEADER_REBALANCE_MAX_TRANSFERS = "leader.rebalance.max.transfers";
    public static final String LEADER_REBALANCE_GRACE_MS = "leader.rebalance.grace.ms";
    public static final String REPLICA_MOVE_CHECK_INTERVAL_MS = "replica.move.check.interval.ms";

    public static final ConfigDef DEF = new ConfigDef()
            .define(BROKER_ID, ConfigDef.Type.INT, "0", 0, "This broker's id, unique in the cluster.")
            .define(CLUSTER_ID, ConfigDef.Type.STRING, "brook-local", BrokerConfig::checkNotEmpty, "Name of the cluster.")
            .define(LISTENER, ConfigDef.Type.STRING, "127.0.0.1:9192", BrokerConfig::checkHostPort,
                    "host:port the broker listens on; port 0 picks a free port.")
            .define(ADVERTISED_LISTENER, ConfigDef.Type.STRING, "", v -> v.isEmpty() ? null : checkHostPort(v),
                    "host:port clients are told to use; empty means the listener's.")
            .define(PEER_LISTENER, ConfigDef.Type.STRING, "", v -> v.isEmpty() ? null : checkHostPort(v),
                    "host:port of the peer listener, which serves only other brokers (replication, controller quorum). "
                            + "Empty: the listener's host and its port + " + PEER_PORT_OFFSET + " (port 0 stays 0).")
            .define(ADVERTISED_PEER_LISTENER, ConfigDef.Type.STRING, "", v -> v.isEmpty() ? null : checkHostPort(v),
                    "host:port other brokers are told to reach the peer listener at. Empty: peer.listener's host if it is "
                            + "set, else the advertised listener's host, with the bound peer port.")
            .define(METRICS_LISTENER, ConfigDef.Type.STRING, "", v -> v.isEmpty() ? null : checkHostPort(v),
                    "host:port of the HTTP endpoint serving /metrics (Prometheus), /health/live and /health/ready; "
                            + "port 0 picks a free port. Empty: no endpoint.")
            .define(PEER_AUTHENTICATION, ConfigDef.Type.STRING, "auto", BrokerConfig::checkPeerAuthentication,
                    "How brokers prove themselves on the peer listener: secret (challenge-response over "
                            + "cluster.secret.file, over mutual TLS too when peer.tls.enabled), tls (mutual TLS alone; needs "
                            + "peer.tls.enabled), none, or auto: secret when cluster.secret.file is set, else tls when "
                            + "peer.tls.enabled, else none when the peer listener is on a loopback address, else the broker "
                            + "refuses to start.")
            .define(CLUSTER_SECRET_FILE, ConfigDef.Type.STRING, "", null,
                    "File holding the cluster secret (at least 32 bytes; the same on every broker) for peer.authentication=secret.")
            .define(TLS_ENABLED, ConfigDef.Type.BOOLEAN, "false", null,
                    "Serve the client listener with TLS (tls.key.file, tls.cert.file).")
            .define(PEER_TLS_ENABLED, ConfigDef.Type.BOOLEAN, "false", null,
                    "Mutual TLS on the peer listener and on this broker's connections to peers: both sides present a "
                            + "certificate signed by tls.ca.file (peer.authentication=tls).")
            .define(TLS_KEY_FILE, ConfigDef.Type.STRING, "", null, "PEM (PKCS#8) private key of the broker's certificate.")
            .define(TLS_CERT_FILE, ConfigDef.Type.STRING, "", null, "PEM certificate chain of the broker.")
            .define(TLS_CA_FILE, ConfigDef.Type.STRING, "", null,
                    "PEM CA certificates trusted for client certificates (tls.client.auth) and for peers (peer.tls.enabled).")
            .define(TLS_CLIENT_AUTH, ConfigDef.Type.STRING, "none", v -> v.equals("none") || v.equals("optional") || v.equals("required")
                    ? null : "must be none, optional or required",
                    "Client certificates on the client listener: none, optional or required (their CN becomes the principal User:CN).")
            .define(TLS_RELOAD_INTERVAL_MS, ConfigDef.Type.LONG, "60000", 0,
                    "How often the key, certificate and CA files are checked for renewal; new connections use renewed files. 0 = never.")
            .define(CLIENT_AUTHENTICATION, ConfigDef.Type.STRING, "none", v -> v.equals("none") || v.equals("sasl") || v.equals("tls")
                    ? null : "must be none, sasl or tls",
                    "How clients authenticate on the client listener: none (every client is User:ANONYMOUS), sasl (SCRAM "
                            + "before any other request) or tls (a client certificate is required; its CN is the user).")
            .define(SASL_ENABLED_MECHANISMS, ConfigDef.Type.STRING, "SCRAM-SHA-256,SCRAM-SHA-512", null,
                    "SASL mechanisms clients may use with client.authentication=sasl.")
            .define(AUTHORIZATION_ENABLED, ConfigDef.Type.BOOLEAN, "false", null,
                    "Check every request against the ACLs: what no ACL allows is denied (super.users excepted).")
            .define(SUPER_USERS, ConfigDef.Type.STRING, "", null,
                    "Principals allowed everything whatever the ACLs, comma-separated (e.g. User:admin).")
            .define(QUOTA_PRODUCE_BYTES_PER_SECOND, ConfigDef.Type.LONG, "0", 0,
                    "Produce bytes per second each principal may send to this broker before its responses are delayed; 0 = no quota.")
            .define(QUOTA_FETCH_BYTES_PER_SECOND, ConfigDef.Type.LONG, "0", 0,
                    "Fetch bytes per second each principal may receive from this broker before its responses are delayed; 0 = no quota.")
            .define(QUOTA_OVERRIDES, ConfigDef.Type.STRING, "", BrokerConfig::checkQuotaOverrides,
                    "Per-principal quotas replacing the defaults: PRINCIPAL=produce:N/fetch:N,... (0 = unlimited).")
            .define(DATA_DIR, ConfigDef.Type.STRING, "./data", BrokerConfig::checkNotEmpty, "Directory for logs and local state.")
            .define(MAX_FRAME_BYTES, ConfigDef.Type.INT, String.valueOf(64 * 1024 * 1024), 1024,
                    "Largest request frame accepted; larger ones are answered with FRAME_TOO_LARGE and skipped.")
            .define(NETWORK_THREADS, ConfigDef.Type.INT, "0", 0, "Netty event loop threads; 0 = number of cores.")
            .define(LOG_THREADS, ConfigDef.Type.INT, "0", 0, "Threads that own partition logs; 0 = number of cores.")
            .define(AUTO_CREATE_TOPICS, ConfigDef.Type.BOOLEAN, "false", null,
                    "Create a topic when a client produces to it or asks for its metadata.")
            .define(DEFAULT_PARTITIONS, ConfigDef.Type.INT, "1", 1, "Partitions of auto-created topics.")
            .define(MAX_PARTITIONS, ConfigDef.Type.INT, "10000", 1, "Most partitions a topic may have.")
            .define(LOG_SEGMENT_BYTES, ConfigDef.Type.INT, String.valueOf(1024 * 1024 * 1024), 1024,
                    "Default segment.bytes of topics.")
            .define(LOG_SEGMENT_MS, ConfigDef.Type.LONG, String.valueOf(7L * 24 * 3600 * 1000), 1, "Default segment.ms of topics.")
            .define(LOG_RETENTION_MS, ConfigDef.Type.LONG, String.valueOf(7L * 24 * 3600 * 1000), -1,
                    "Default retention.ms of topics; -1 keeps data forever.")
            .define(LOG_RETENTION_BYTES, ConfigDef.Type.LONG, "-1", -1, "Default retention.bytes (per partition); -1 = unlimited.")
            .define(LOG_INDEX_INTERVAL_BYTES, ConfigDef.Type.INT, "4096", 1, "Bytes between sparse index entries.")
            .define(LOG_MAX_BATCH_BYTES, ConfigDef.Type.INT, String.valueOf(8 * 1024 * 1024), 64,
                    "Default max.batch.bytes: largest record batch accepted.")
            .define(LOG_FLUSH_INTERVAL_MS, ConfigDef.Type.LONG, "1000", 1,
                    "How often data appended with acks 0 or 1 is fsynced in the background.")
            .define(LOG_FLUSH_THREADS, ConfigDef.Type.INT, "8", 1,
                    "Threads that fsync, side by side, the logs of the partitions a log thread's burst wrote (the file "
                            + "system commits concurrent fsyncs together); 1: one after another on the log thread. Also the "
                            + "number of replicas whose files are created or recovered side by side when many open at once.")
            .define(LOG_RETENTION_CHECK_INTERVAL_MS, ConfigDef.Type.LONG, "300000", 100, "How often retention runs.")
            .define(SHUTDOWN_TIMEOUT_MS, ConfigDef.Type.LONG, "30000", 0,
                    "How long a graceful shutdown waits for in-flight requests.")
            .define(MAX_PENDING_BYTES_PER_CONNECTION, ConfigDef.Type.INT, String.valueOf(256 * 1024 * 1024), 1024,
                    "Bytes of produce requests one connection may have in flight before the broker stops reading from it.")
            .define(CONTROLLER_VOTERS, ConfigDef.Type.STRING, "", BrokerConfig::checkVoters,
                    "The controller quorum: id@host:port,... of the brokers that vote on cluster metadata (host:port is "
                            + "their peer listener). Empty: this broker alone (a single-node cluster).")
            .define(PEER_ADDRESSES, ConfigDef.Type.STRING, "", BrokerConfig::checkVoters,
                    "id@host:port,... overrides of where this broker connects to other brokers, for partition replication "
                            + "and the controller quorum alike (default: their registered or voter address). For "
                            + "fault-injection proxies between brokers.")
            .define(BROKER_HEARTBEAT_MS, ConfigDef.Type.LONG, "1000", 50, "How often the broker tells the controller it is alive.")
            .define(BROKER_SESSION_TIMEOUT_MS, ConfigDef.Type.LONG, "10000", 100,
                    "A broker silent for longer is considered dead (no new replicas are placed on it).")
            .define(RAFT_TICK_MS, ConfigDef.Type.LONG, "100", 1, "Length of a data-plane Raft tick.")
            .define(RAFT_ELECTION_TICKS, ConfigDef.Type.INT, "10", 2,
                    "Election timeout in ticks: a follower that hears no leader for 1-2 times this long starts an election.")
            .define(RAFT_HEARTBEAT_TICKS, ConfigDef.Type.INT, "2", 1, "A leader contacts each follower at least this often (ticks).")
            .define(RAFT_QUIESCENT_HEARTBEAT_TICKS, ConfigDef.Type.INT, "30", 0,
                    "An idle partition (every follower holds the whole log, committed) is quiescent: its leader contacts "
                            + "each follower only this often (ticks), and the followers wait that much (and an election timeout) "
                            + "longer before an election while the leader's broker is heard from (brokers ping each other "
                            + "every tick). "
                            + "0: never quiesce. More than raft.heartbeat.ticks.")
            .define(RAFT_MAX_INFLIGHT, ConfigDef.Type.INT, "4", 1, "AppendEntries requests in flight per follower.")
            .define(RAFT_MAX_APPEND_BYTES, ConfigDef.Type.INT, String.valueOf(1024 * 1024), 1024,
                    "Bytes of record batches per AppendEntries request.")
            .define(METADATA_LOG_SEGMENT_BYTES, ConfigDef.Type.INT, String.valueOf(8 * 1024 * 1024), LogConfig.MIN_SEGMENT_BYTES,
                    "Segment size of the controller's metadata log (on controller voters).")
            .define(METADATA_CHECKPOINT_RECORDS, ConfigDef.Type.LONG, "10000", 1,
                    "The controller leader writes the whole metadata state into its log after this many changes; "
                            + "segments below the last checkpoint are deleted.")
            .define(PRODUCER_ID_EXPIRATION_MS, ConfigDef.Type.LONG, String.valueOf(24L * 3600 * 1000), 1,
                    "A partition forgets an idempotent producer that wrote nothing to it for this long (checked every "
                            + "log.retention.check.interval.ms); a retry it sends later is no longer recognised as a duplicate.")
            .define(GROUPS_TOPIC_PARTITIONS, ConfigDef.Type.INT, "8", 1,
                    "Partitions of the internal topic __groups, fixed when it is created (on the first group request); "
                            + "each is the home of the groups whose id hashes to it, coordinated by its leader.")
            .define(GROUPS_TOPIC_REPLICATION_FACTOR, ConfigDef.Type.INT, "3", 1,
                    "Replication factor of __groups, capped by the number of live brokers when it is created.")
            .define(GROUPS_TOPIC_SEGMENT_BYTES, ConfigDef.Type.INT, String.valueOf(16 * 1024 * 1024), LogConfig.MIN_SEGMENT_BYTES,
                    "segment.bytes of __groups when it is created. Retention deletes its whole segments below the last "
                            + "snapshot of their groups, so a new coordinator replays at most about one segment, the snapshot "
                            + "and what followed it.")
            .define(GROUPS_SNAPSHOT_INTERVAL_RECORDS, ConfigDef.Type.INT, "10000", 1,
                    "A coordinator writes a snapshot of a __groups partition's groups once this many records (and at "
                            + "least as many as its last snapshot held) followed the last one; the records before a "
                            + "committed snapshot may then be deleted.")
            .define(GROUP_HEARTBEAT_INTERVAL_MS, ConfigDef.Type.INT, "5000", 1,
                    "How often a group member whose assignment is settled is told to heartbeat.")
            .define(GROUP_RECONCILING_HEARTBEAT_INTERVAL_MS, ConfigDef.Type.INT, "200", 1,
                    "How often a group member that is still moving toward its target assignment (waiting for "
                            + "partitions another member is giving up, or told to give some up) is told to heartbeat, "
                            + "if shorter than group.heartbeat.interval.ms: it gets its partitions as soon as they are free.")
            .define(GROUP_SESSION_TIMEOUT_MS, ConfigDef.Type.INT, "45000", 1,
                    "A group member silent for this long is removed from its group and its partitions move.")
            .define(GROUP_MAX_SIZE, ConfigDef.Type.INT, "1000", 1, "Most members a consumer group may have; a join beyond is refused.")
            .define(GROUP_ASSIGNOR, ConfigDef.Type.STRING, "uniform", BrokerConfig::checkAssignor,
                    "Assignor of a new group whose members name none: uniform (sticky, balanced) or range.")
            .define(OFFSET_METADATA_MAX_BYTES, ConfigDef.Type.INT, "4096", 0,
                    "Largest metadata string (UTF-8 bytes) an offset commit may carry.")
            .define(OFFSETS_RETENTION_MS, ConfigDef.Type.LONG, String.valueOf(7L * 24 * 3600 * 1000), 1,
                    "A group without members whose last commit is older than this is deleted, offsets included.")
            .define(OFFSETS_RETENTION_CHECK_INTERVAL_MS, ConfigDef.Type.LONG, "60000", 10,
                    "How often each coordinator looks for groups to delete under offsets.retention.ms.")
            .define(BROKER_RACK, ConfigDef.Type.STRING, "", null,
                    "Rack (or zone) of this broker; new partitions place their replicas in as many different racks as "
                            + "they can. Empty: no rack.")
            .define(LEADER_REBALANCE_ENABLED, ConfigDef.Type.BOOLEAN, "true", null,
                    "Whether a leader hands a partition back to its preferred leader (its first replica) once that "
                            + "broker is alive and caught up (Raft leadership transfer).")
            .define(LEADER_REBALANCE_INTERVAL_MS, ConfigDef.Type.LONG, "5000", 10,
                    "How often each broker checks whether the partitions it leads should go back to their preferred leader.")
            .define(LEADER_REBALANCE_MAX_TRANSFERS, ConfigDef.Type.INT, "100", 1,
                    "Most leadership transfers a broker starts per check of leader.rebalance.interval.ms.")
            .define(LEADER_REBALANCE_GRACE_MS, ConfigDef.Type.LONG, "10000", 0,
                    "A preferred leader must have been seen caught up for this long (at successive checks) before "
                            + "leadership moves to it: a just-restarted broker first catches up everywhere.")
            .define(REPLICA_MOVE_CHECK_INTERVAL_MS, ConfigDef.Type.LONG, "200", 10,
                    "How often the leader of a partition being moved takes its next step (a Raft configuration change, "
                            + "once the previous one committed) and repeats its report of a finished move to the controller (every 5 checks).");

    /**
     * How peers authenticate on the peer listener, resolved from peer.authentication: not at all, by
     * the cluster secret (PEER_AUTH; over mutual TLS when peer.tls.enabled), or by a certificate
     * chained to tls.ca.file (mutual TLS alone).
     */
    public enum PeerAuthentication { NONE, SECRET, TLS }

    private static String checkPeerAuthentication(String v) {
        return v.equals("auto") || v.equals("secret") || v.equals("tls") || v.equals("none") ? null
                : "must be auto, secret, tls or none";
    }

    private static String checkQuotaOverrides(String v) {
        try {
            QuotaOverrides.parse(v);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static String checkAssignor(String v) {
        return v.equals("uniform") || v.equals("range") ? null : "must be uniform or range";
    }

    private final Map<String, Object> values;

    private BrokerConfig(Map<String, Object> values) {
        this.values = values;
    }

    /** Defaults plus {@code overrides}. */
    public static BrokerConfig of(Map<String, String> overrides) {
        return new BrokerConfig(DEF.parse(overrides, "overrides"));
    }

    /**
     * Layers defaults, the file (may be {@code null}), environment and overrides.
     *
     * @throws ConfigException for a missing or unreadable file, unknown keys or invalid values
     */
    public static BrokerConfig load(Path file, Map<String, String> env, Map<String, String> overrides) {
        Map<String, String> raw = new LinkedHashMap<>();
        if (file != null) {
            raw.putAll(readFile(file));
        }
        raw.putAll(fromEnv(env));
        raw.putAll(overrides);
        return new BrokerConfig(DEF.parse(raw, file == null ? "overrides" : file.toString()));
    }

    static Map<String, String> readFile(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (NoSuchFileException e) {
            throw new ConfigException(null, "config file " + file + " does not exist");
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(null, "cannot read config file " + file + ": " + e.getMessage());
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (String k : p.stringPropertyNames()) {
            m.put(k.trim(), p.getProperty(k));
        }
        return m;
    }

    /** Picks {@code BROOK_*} variables that name a known key. */
    static Map<String, String> fromEnv(Map<String, String> env) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String key : DEF.keys().keySet()) {
            String var = envName(key);
            if (env.containsKey(var)) {
                m.put(key, env.get(var));
            }
        }
        return m;
    }

    /** The environment variable for a key: {@code log.segment.bytes} → {@code BROOK_LOG_SEGMENT_BYTES}. */
    public static String envName(String key) {
        return "BROOK_" + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    public int getInt(String key) {
        return (Integer) values.get(key);
    }

    public long getLong(String key) {
        return (Long) values.get(key);
    }

    public boolean getBoolean(String key) {
        return (Boolean) values.get(key);
    }

    public String getString(String key) {
        return (String) values.get(key);
    }

    public int brokerId() {
        return getInt(BROKER_ID);
    }

    public Path dataDir() {
        return Path.of(getString(DATA_DIR));
    }

    public InetSocketAddress listener() {
        return parseHostPort(getString(LISTENER));
    }

    /** Where the metrics and health endpoint binds, or {@code null} when {@code metrics.listener} is empty. */
    public InetSocketAddress metricsListener() {
        String v = getString(METRICS_LISTENER);
        return v.isEmpty() ? null : parseHostPort(v);
    }

    /** The principals of {@code super.users} (comma-separated; blanks ignored), for authorization and quotas. */
    public java.util.Set<String> superUsers() {
        java.util.Set<String> s = new java.util.LinkedHashSet<>();
        for (String part : getString(SUPER_USERS).split(",")) {
            if (!part.isBlank()) {
                s.add(part.trim());
            }
        }
        return java.util.Set.copyOf(s);
    }

    /** Where the peer listener binds: peer.listener, else the listener's host at its port + {@value #PEER_PORT_OFFSET}. */
    public InetSocketAddress peerListener() {
        String v = getString(PEER_LISTENER);
        if (!v.isEmpty()) {
            return parseHostPort(v);
        }
        InetSocketAddress l = listener();
        int port = l.getPort() == 0 ? 0 : l.getPort() + PEER_PORT_OFFSET;
        if (port > 65535) {
            throw new ConfigException(PEER_LISTENER, "the listener's port " + l.getPort() + " + " + PEER_PORT_OFFSET
                    + " is not a port: set peer.listener");
        }
        return InetSocketAddress.createUnresolved(l.getHostString(), port);
    }

    /** The host other brokers use for the peer listener. */
    public String advertisedPeerHost() {
        String adv = getString(ADVERTISED_PEER_LISTENER);
        if (!adv.isEmpty()) {
            return parseHostPort(adv).getHostString();
        }
        return getString(PEER_LISTENER).isEmpty() ? advertisedHost() : peerListener().getHostString();
    }

    /** The port other brokers use for the peer listener, or -1 to use the bound port. */
    public int advertisedPeerPort() {
        String adv = getString(ADVERTISED_PEER_LISTENER);
        return adv.isEmpty() ? -1 : parseHostPort(adv).getPort();
    }

    /**
     * How peers authenticate, with auto resolved. With peer.tls.enabled every peer connection is
     * mutual TLS whatever this says; SECRET then runs PEER_AUTH on top of it.
     *
     * @throws ConfigException when secret has no cluster.secret.file, tls has no peer.tls.enabled (or
     *     also a cluster.secret.file, which it would ignore), none has peer.tls.enabled (which always
     *     authenticates), or auto finds a peer listener off loopback with neither
     */
    public PeerAuthentication peerAuthentication() {
        String mode = getString(PEER_AUTHENTICATION);
        boolean secret = !getString(CLUSTER_SECRET_FILE).isEmpty();
        boolean tls = getBoolean(PEER_TLS_ENABLED);
        switch (mode) {
            case "secret":
                if (!secret) {
                    throw new ConfigException(PEER_AUTHENTICATION, "peer.authentication=secret needs cluster.secret.file");
                }
                return PeerAuthentication.SECRET;
            case "tls":
                if (!tls) {
                    throw new ConfigException(PEER_AUTHENTICATION, "peer.authentication=tls needs peer.tls.enabled=true");
                }
                if (secret) {
                    throw new ConfigException(PEER_AUTHENTICATION, "peer.authentication=tls does not use cluster.secret.file: "
                            + "unset it, or set peer.authentication=secret to require the secret on top of mutual TLS");
                }
                return PeerAuthentication.TLS;
            case "none":
                if (tls) {
                    throw new ConfigException(PEER_AUTHENTICATION, "peer.tls.enabled=true authenticates every peer by its "
                            + "certificate, so peer.authentication=none cannot hold: set peer.authentication=tls (or auto)");
                }
                return PeerAuthentication.NONE;
            default:
                if (secret) {
                    return PeerAuthentication.SECRET;
                }
                if (tls) {
                    return PeerAuthentication.TLS;
                }
                String host = peerListener().getHostString();
                if (isLoopback(host)) {
                    return PeerAuthentication.NONE;
                }
                throw new ConfigException(PEER_AUTHENTICATION, "the peer listener " + host + " is not a loopback address and brokers "
                        + "would not authenticate each other: set peer.tls.enabled=true (mutual TLS), or cluster.secret.file (the "
                        + "same secret on every broker), or peer.authentication=none to let anyone who reaches it act as a broker");
        }
    }

    private static boolean isLoopback(String host) {
        if (host.equals("localhost")) {
            return true;
        }
        try {
            return host.matches("[0-9.]+|[0-9a-fA-F:]+") && java.net.InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    /** The address given to clients. */
    public String advertisedHost() {
        String adv = getString(ADVERTISED_LISTENER);
        return (adv.isEmpty() ? listener() : parseHostPort(adv)).getHostString();
    }

    /** The port given to clients, or -1 to use the bound port. */
    public int advertisedPort() {
        String adv = getString(ADVERTISED_LISTENER);
        return adv.isEmpty() ? -1 : parseHostPort(adv).getPort();
    }

    public int threads(String key) {
        int n = getInt(key);
        return n > 0 ? n : Runtime.getRuntime().availableProcessors();
    }

    /** Every key with its effective value, for logs and describe. */
    public Map<String, Object> values() {
        return new LinkedHashMap<>(values);
    }

    private static String checkVoters(String v) {
        try {
            parseVoters(v);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /** Parses {@code id@host:port,...} into id → host:port (in order). */
    public static java.util.LinkedHashMap<Integer, String> parseVoters(String v) {
        java.util.LinkedHashMap<Integer, String> voters = new java.util.LinkedHashMap<>();
        if (v == null || v.isBlank()) {
            return voters;
        }
        for (String part : v.split(",")) {
            String s = part.trim();
            int at = s.indexOf('@');
            if (at <= 0) {
                throw new IllegalArgumentException("expected id@host:port, got '" + s + "'");
            }
            int id;
            try {
                id = Integer.parseInt(s.substring(0, at));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("voter id in '" + s + "' is not a number");
            }
            InetSocketAddress a = parseHostPort(s.substring(at + 1));
            if (voters.put(id, a.getHostString() + ":" + a.getPort()) != null) {
                throw new IllegalArgumentException("voter id " + id + " appears twice");
            }
        }
        return voters;
    }

    /** The configured voters, or this broker alone at its advertised peer address. */
    public java.util.LinkedHashMap<Integer, String> controllerVoters(int boundPeerPort) {
        java.util.LinkedHashMap<Integer, String> v = parseVoters(getString(CONTROLLER_VOTERS));
        if (v.isEmpty()) {
            v.put(brokerId(), advertisedPeerHost() + ":" + (advertisedPeerPort() > 0 ? advertisedPeerPort() : boundPeerPort));
        }
        return v;
    }

    private static String checkNotEmpty(String v) {
        return v.isEmpty() ? "must not be empty" : null;
    }

    private static String checkHostPort(String v) {
        try {
            parseHostPort(v);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    static InetSocketAddress parseHostPort(String v) {
        int colon = v.lastIndexOf(':');
        if (colon <= 0 || colon == v.length() - 1) {
            throw new IllegalArgumentException("expected host:port, got '" + v + "'");
        }
        String host = v.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(v.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port in '" + v + "' is not a number");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 0..65535");
        }
        return InetSocketAddress.createUnresolved(host, port);
    }
}
