package io.brook.cli;

import io.brook.client.AclEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/** The options that name ACLs, shared by {@code acl add}, {@code list} and {@code remove}. */
final class AclOptions {

    @Option(names = "--principal", paramLabel = "PRINCIPAL", description = "Who: User:NAME, or User:* for everyone.")
    String principal;

    @Option(names = "--topic", paramLabel = "TOPIC", description = "A topic (with --prefixed: every topic starting so; * = every topic).")
    String topic;

    @Option(names = "--group", paramLabel = "GROUP", description = "A consumer group (with --prefixed: every group starting so; * = every group).")
    String group;

    @Option(names = "--cluster", description = "The cluster itself (creating topics, users and ACLs; listing groups).")
    boolean cluster;

    @Option(names = "--prefixed", description = "The name is a prefix, not a literal name.")
    boolean prefixed;

    @Option(names = "--operation", paramLabel = "OP", split = ",",
            description = "read, write, create, delete, alter or describe; repeatable or comma-separated.")
    List<String> operations = new ArrayList<>();

    @Option(names = "--deny", description = "Deny instead of allow (a deny wins over any allow).")
    boolean deny;

    /** The resource type named by --topic/--group/--cluster, or null when none was given. */
    AclEntry.ResourceType resourceType() {
        int n = (topic != null ? 1 : 0) + (group != null ? 1 : 0) + (cluster ? 1 : 0);
        if (n > 1) {
            throw new CliException(ExitCodes.USAGE, "name one resource: --topic, --group or --cluster");
        }
        return topic != null ? AclEntry.ResourceType.TOPIC : group != null ? AclEntry.ResourceType.GROUP
                : cluster ? AclEntry.ResourceType.CLUSTER : null;
    }

    String resourceName() {
        return topic != null ? topic : group != null ? group : cluster ? AclEntry.CLUSTER_NAME : null;
    }

    List<AclEntry.Operation> parsedOperations() {
        List<AclEntry.Operation> ops = new ArrayList<>();
        for (String o : operations) {
            try {
                ops.add(AclEntry.Operation.valueOf(o.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new CliException(ExitCodes.USAGE, "unknown --operation '" + o + "': use read, write, create, delete, alter or describe");
            }
        }
        return ops;
    }

    /** The ACLs to add: every operation given, on the one resource given, for the principal. */
    List<AclEntry> entries() {
        AclEntry.ResourceType type = resourceType();
        if (principal == null || type == null || operations.isEmpty()) {
            throw new CliException(ExitCodes.USAGE, "acl add needs --principal, one of --topic/--group/--cluster, and --operation");
        }
        List<AclEntry> out = new ArrayList<>();
        for (AclEntry.Operation op : parsedOperations()) {
            out.add(new AclEntry(principal, type, resourceName(), prefixed ? AclEntry.PatternType.PREFIXED : AclEntry.PatternType.LITERAL,
                    op, deny ? AclEntry.Permission.DENY : AclEntry.Permission.ALLOW));
        }
        return out;
    }

    /** Filters: one per operation given (or one matching any operation); unset options match anything. */
    List<AclEntry.Filter> filters() {
        AclEntry.ResourceType type = resourceType();
        AclEntry.PatternType pattern = type == null ? null : prefixed ? AclEntry.PatternType.PREFIXED : AclEntry.PatternType.LITERAL;
        AclEntry.Permission permission = deny ? AclEntry.Permission.DENY : null;
        List<AclEntry.Filter> out = new ArrayList<>();
        List<AclEntry.Operation> ops = parsedOperations();
        if (ops.isEmpty()) {
            out.add(new AclEntry.Filter(principal, type, resourceName(), pattern, null, permission));
        }
        for (AclEntry.Operation op : ops) {
            out.add(new AclEntry.Filter(principal, type, resourceName(), pattern, op, permission));
        }
        return out;
    }

    static String describe(AclEntry a) {
        String resource = a.resourceType() == AclEntry.ResourceType.CLUSTER ? "cluster"
                : a.resourceType().name().toLowerCase(Locale.ROOT) + " " + (a.patternType() == AclEntry.PatternType.PREFIXED
                        ? "prefix '" + a.resourceName() + "'" : "'" + a.resourceName() + "'");
        return a.permission().name().toLowerCase(Locale.ROOT) + " " + a.principal() + " " + a.operation().name().toLowerCase(Locale.ROOT)
                + " on " + resource;
    }
}
