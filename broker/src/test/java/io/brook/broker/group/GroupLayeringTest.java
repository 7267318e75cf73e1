package io.brook.broker.group;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.brook.broker.partition.TopicPartition;
import org.junit.jupiter.api.Test;

/** The group state machine stays pure: the JDK and the partition value type, nothing else. */
class GroupLayeringTest {

    @Test
    void the_group_package_depends_on_the_jdk_and_topic_partition_only() {
        classes().that().resideInAPackage("io.brook.broker.group..")
                .should().onlyDependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "the JDK, this package or TopicPartition",
                        c -> c.getPackageName().startsWith("java.") || c.isPrimitive() || c.isArray()
                                || c.getPackageName().startsWith("io.brook.broker.group")
                                || c.isEquivalentTo(TopicPartition.class)))
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("io.brook.broker.group"));
    }
}
