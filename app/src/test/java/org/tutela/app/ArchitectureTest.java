package org.tutela.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The layers of docs/architecture.md, enforced: ui → domain / records → vault, syncclient → protocol. */
@AnalyzeClasses(packages = "org.tutela.app", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule onlyTheUiTouchesTheSceneGraph = noClasses()
            .that().resideOutsideOfPackage("org.tutela.app.ui..")
            .should().dependOnClassesThat().resideInAPackage("javafx.scene..")
            .because("everything below ui is plain Java, tested without a screen");

    @ArchTest
    static final ArchRule onlyTheUiAndLauncherUseJavaFx = noClasses()
            .that().resideOutsideOfPackage("org.tutela.app.ui..")
            .and().doNotHaveFullyQualifiedName("org.tutela.app.Launcher")
            .should().dependOnClassesThat().resideInAPackage("javafx..");

    @ArchTest
    static final ArchRule domainIsPlain = noClasses()
            .that().resideInAPackage("org.tutela.app.domain..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.tutela.app.vault..", "org.tutela.app.ui..", "org.tutela.app.records..",
                    "org.tutela.app.session..", "org.tutela.app.syncclient..", "org.tutela.app.print..");

    @ArchTest
    static final ArchRule vaultKnowsNothingAbove = noClasses()
            .that().resideInAPackage("org.tutela.app.vault..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.tutela.app.domain..", "org.tutela.app.ui..", "org.tutela.app.records..",
                    "org.tutela.app.session..", "org.tutela.app.print..");

    @ArchTest
    static final ArchRule nothingBelowUiReachesUp = noClasses()
            .that().resideOutsideOfPackage("org.tutela.app.ui..")
            .and().doNotHaveFullyQualifiedName("org.tutela.app.Launcher")
            .should().dependOnClassesThat().resideInAPackage("org.tutela.app.ui..");

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("org.tutela.app.(*)..").should().beFreeOfCycles();
}
