package io.brook.storage;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Storage knows the record batch format, the JDK and the logging API, and nothing else: no
 * networking, no requests, no Raft, no broker or client code.
 */
class LayeringTest {

    private static JavaClasses storage;

    @BeforeAll
    static void importStorage() {
        storage = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.brook.storage");
    }

    @Test
    void the_storage_classes_are_found() {
        // given / when / then: guards the rules below against passing on an empty import
        assertThat(storage.contain("io.brook.storage.PartitionLog")).isTrue();
        assertThat(storage.contain("io.brook.storage.log.SegmentedLog")).isTrue();
        assertThat(storage.contain("io.brook.storage.producer.ProducerStateTable")).isTrue();
    }

    @Test
    void storage_depends_only_on_the_jdk_the_record_format_and_slf4j() {
        classes().that().resideInAPackage("io.brook.storage..")
                .should().onlyDependOnClassesThat(resideInAnyPackage(
                        "java..", "io.brook.storage..", "io.brook.protocol.record..", "org.slf4j.."))
                .check(storage);
    }

    @Test
    void storage_does_not_depend_on_netty() {
        noClasses().that().resideInAPackage("io.brook.storage..")
                .should().dependOnClassesThat().resideInAPackage("io.netty..")
                .check(storage);
    }

    @Test
    void storage_uses_no_protocol_package_but_the_record_format() {
        noClasses().that().resideInAPackage("io.brook.storage..")
                .should().dependOnClassesThat(resideInAPackage("io.brook.protocol..")
                        .and(not(resideInAPackage("io.brook.protocol.record.."))))
                .check(storage);
    }

    @Test
    void storage_does_not_depend_on_higher_layers() {
        noClasses().that().resideInAPackage("io.brook.storage..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.brook.broker..", "io.brook.client..", "io.brook.cli..", "io.brook.replication..")
                .check(storage);
    }

    @Test
    void the_producer_state_knows_nothing_of_segments() {
        noClasses().that().resideInAPackage("io.brook.storage.producer..")
                .should().dependOnClassesThat().resideInAPackage("io.brook.storage.log..")
                .check(storage);
    }

    @Test
    void the_public_api_does_not_leak_the_producer_state_implementation() {
        noClasses().that().resideInAPackage("io.brook.storage")
                .should().dependOnClassesThat().resideInAPackage("io.brook.storage.producer..")
                .check(storage);
    }

    @Test
    void the_public_api_does_not_leak_implementation_types_other_than_the_log_factory() {
        noClasses().that().resideInAPackage("io.brook.storage")
                .and().doNotHaveFullyQualifiedName("io.brook.storage.PartitionLog")
                .should().dependOnClassesThat().resideInAPackage("io.brook.storage.log..")
                .check(storage);
    }
}
