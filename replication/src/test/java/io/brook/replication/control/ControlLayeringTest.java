package io.brook.replication.control;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The control plane's layering, as its package javadocs state it: the interfaces know no library, the
 * in-memory transport knows only the interfaces, and nothing here depends on the Raft core (the broker
 * wires the metadata log to it). Only main classes are checked.
 */
class ControlLayeringTest {

    private static JavaClasses control;

    @BeforeAll
    static void importControl() {
        control = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.brook.replication.control");
    }

    @Test
    void the_interfaces_depend_on_nothing_but_the_jdk_and_the_acl_model() {
        classes().that().resideInAPackage("io.brook.replication.control")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.brook.replication.control", "io.brook.replication.control.acl",
                        "java..")
                .check(control);
    }

    @Test
    void the_acl_model_depends_on_nothing_but_the_jdk() {
        classes().that().resideInAPackage("io.brook.replication.control.acl")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.brook.replication.control.acl", "java..")
                .check(control);
    }

    @Test
    void the_in_memory_transport_knows_only_the_interfaces() {
        classes().that().resideInAPackage("io.brook.replication.control.memory..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.brook.replication.control",
                        "io.brook.replication.control.memory..", "java..")
                .check(control);
    }

    @Test
    void the_move_planner_knows_only_the_interfaces() {
        classes().that().resideInAPackage("io.brook.replication.control.moves..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.brook.replication.control",
                        "io.brook.replication.control.moves..", "java..")
                .check(control);
    }

    @Test
    void the_control_plane_does_not_depend_on_the_data_plane_raft() {
        noClasses().that().resideInAPackage("io.brook.replication.control..")
                .should().dependOnClassesThat().resideInAnyPackage("io.brook.replication.raft..")
                .check(control);
    }
}
