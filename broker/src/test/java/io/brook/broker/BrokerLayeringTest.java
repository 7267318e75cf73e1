package io.brook.broker;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.brook.storage.DurableFiles;
import io.brook.storage.PartitionLog;
import io.brook.storage.StorageException;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The broker's layering, as the package javadocs state it: {@code network} knows frames and
 * handlers but not what the APIs do; {@code api} is the only place where requests meet topics and
 * partitions; {@code partition}, {@code meta} and {@code config} know nothing of Netty or of the
 * wire; RocksDB stays inside {@code meta}; and nothing in the broker depends on the client or the
 * CLI. Only main classes are checked.
 */
class BrokerLayeringTest {

    private static final String BROKER = "io.brook.broker..";
    private static final String API = "io.brook.broker.api..";
    private static final String CONFIG = "io.brook.broker.config..";
    private static final String META = "io.brook.broker.meta..";
    private static final String NETWORK = "io.brook.broker.network..";
    private static final String PARTITION = "io.brook.broker.partition..";
    private static final String METRICS = "io.brook.broker.metrics..";

    private static final Set<String> LOG_WRITES = Set.of("appendAsLeader", "appendAsFollower", "flush", "truncateTo",
            "truncateFullyAndStartAt", "enforceRetention", "reconfigure", "close");

    private static JavaClasses broker;

    @BeforeAll
    static void importBroker() {
        broker = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.brook.broker");
    }

    @Test
    void the_broker_does_not_depend_on_the_client_or_the_cli() {
        noClasses().that().resideInAPackage(BROKER)
                .should().dependOnClassesThat().resideInAnyPackage("io.brook.client..", "io.brook.cli..")
                .check(broker);
    }

    @Test
    void the_network_layer_does_not_know_what_the_apis_do() {
        noClasses().that().resideInAPackage(NETWORK)
                .should().dependOnClassesThat().resideInAnyPackage(API, META, PARTITION, CONFIG)
                .check(broker);
    }

    @Test
    void api_handlers_are_wired_only_by_the_broker_itself() {
        classes().that().resideInAPackage(API)
                .should().onlyHaveDependentClassesThat().resideInAnyPackage("io.brook.broker", API)
                .check(broker);
    }

    @Test
    void partitions_topics_and_config_know_nothing_of_netty_or_requests() {
        noClasses().that().resideInAnyPackage(PARTITION, META, CONFIG)
                .should().dependOnClassesThat().resideInAnyPackage("io.netty..", "io.brook.protocol.frame..", API, NETWORK)
                .check(broker);
    }

    @Test
    void configuration_depends_on_no_other_broker_package() {
        noClasses().that().resideInAPackage(CONFIG)
                .should().dependOnClassesThat().resideInAnyPackage(API, META, NETWORK, PARTITION, "io.brook.broker")
                .check(broker);
    }

    @Test
    void the_prometheus_client_is_used_only_by_the_metrics_package() {
        // the hot path reaches metrics through small observer interfaces or the metrics package's own classes
        noClasses().that().resideOutsideOfPackage(METRICS)
                .should().dependOnClassesThat().resideInAPackage("io.prometheus..")
                .check(broker);
    }

    @Test
    void metrics_observe_the_network_and_partitions_but_not_the_api_handlers() {
        noClasses().that().resideInAPackage(METRICS)
                .should().dependOnClassesThat().resideInAnyPackage(API, META)
                .check(broker);
    }

    @Test
    void rocksdb_is_used_only_by_the_local_store_package() {
        noClasses().that().resideOutsideOfPackage(META)
                .should().dependOnClassesThat().resideInAPackage("org.rocksdb..")
                .check(broker);
    }

    private static final java.util.Set<String> DURABLE_FILE_RULE = java.util.Set.of(DurableFiles.class.getName(),
            StorageException.class.getName(), io.brook.storage.DamagedFileException.class.getName(),
            io.brook.storage.ChecksummedProperties.class.getName(), io.brook.storage.ChecksummedFile.class.getName());

    @Test
    void topic_metadata_does_not_touch_logs_directly() {
        // the local store and the data directory's identity use storage's durable-file rule; nothing else of storage
        noClasses().that().resideInAPackage(META)
                .should().dependOnClassesThat(DescribedPredicate.describe("storage classes other than the durable-file rule",
                        c -> c.getPackageName().startsWith("io.brook.storage") && !DURABLE_FILE_RULE.contains(
                                c.getName().replaceFirst("\\$.*", ""))))
                .check(broker);
    }

    @Test
    void only_the_partition_thread_writes_logs() {
        // PartitionLog's mutating methods belong to the partition's owner thread (LogThread)
        noClasses().that().resideOutsideOfPackage(PARTITION)
                .should().callMethodWhere(DescribedPredicate.describe("a PartitionLog write",
                        call -> call.getTargetOwner().isEquivalentTo(PartitionLog.class) && LOG_WRITES.contains(call.getName())))
                .check(broker);
    }
}
