package io.brook.client;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The client's layering: what it may depend on, and that its implementation stays out of sight. */
class ClientArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.brook.client");
    }

    @Test
    void dependsOnlyOnTheJdkProtocolNettyProtobufAndSlf4j() {
        classes().that().resideInAPackage("io.brook.client..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.brook.client..",
                        "io.brook.protocol..", "io.netty..", "com.google.protobuf..", "org.slf4j..",
                        "javax.net.ssl..")
                .check(classes);
    }

    @Test
    void internalsDoNotDependOnTheTopLevelClients() {
        noClasses().that().resideInAPackage("io.brook.client.internal..")
                .should().dependOnClassesThat().haveFullyQualifiedName(Producer.class.getName())
                .orShould().dependOnClassesThat().haveFullyQualifiedName(Consumer.class.getName())
                .orShould().dependOnClassesThat().haveFullyQualifiedName(Admin.class.getName())
                .check(classes);
    }

    @Test
    void theNetworkLayerKnowsNothingOfProducersOrConsumers() {
        noClasses().that().resideInAPackage("io.brook.client.internal.network..")
                .should().dependOnClassesThat().resideInAnyPackage("io.brook.client.internal.producer..",
                        "io.brook.client.internal.consumer..", "io.brook.client.internal.admin..",
                        "io.brook.client.internal.metadata..")
                .check(classes);
    }

    @Test
    void producerConsumerAndAdminInternalsAreIndependent() {
        noClasses().that().resideInAPackage("io.brook.client.internal.producer..")
                .should().dependOnClassesThat().resideInAnyPackage("io.brook.client.internal.consumer..",
                        "io.brook.client.internal.admin..")
                .check(classes);
        noClasses().that().resideInAPackage("io.brook.client.internal.consumer..")
                .should().dependOnClassesThat().resideInAnyPackage("io.brook.client.internal.producer..",
                        "io.brook.client.internal.admin..")
                .check(classes);
    }
}
