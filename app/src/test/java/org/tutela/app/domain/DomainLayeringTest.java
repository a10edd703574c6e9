package org.tutela.app.domain;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The domain is plain Java; the records layer stands on domain and vault only. Nothing here imports JavaFX. */
class DomainLayeringTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.tutela.app.domain", "org.tutela.app.records");

    @Test
    void domainIsPlainJava() {
        noClasses().that().resideInAPackage("org.tutela.app.domain..")
                .should().dependOnClassesThat().resideInAnyPackage("org.tutela.app.vault..", "org.tutela.app.ui..",
                        "org.tutela.app.records..", "javafx..", "com.fasterxml..", "org.slf4j..", "java.sql..")
                .check(CLASSES);
    }

    @Test
    void recordsLayerDoesNotReachUp() {
        noClasses().that().resideInAPackage("org.tutela.app.records..")
                .should().dependOnClassesThat().resideInAnyPackage("org.tutela.app.ui..", "javafx..")
                .check(CLASSES);
    }
}
