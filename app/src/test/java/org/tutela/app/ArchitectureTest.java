package org.tutela.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.List;
import java.util.Set;

/**
 * The arrows of docs/architecture.md, every one of them: each layer names what it may use, and
 * nothing else. ui never sees the vault, the wire format (nor the sealed-envelope format) or the
 * crypto; only records, session and syncclient see the vault; only syncclient sees the wire
 * format and only confidential the sealed-envelope format; the packages below ui do not use one
 * another; the domain is plain Java (it may use the rules it shares with head office, such as the
 * ULN's check digit, which are plain Java too); nothing below ui touches JavaFX; no package cycles at any
 * depth.
 *
 * <p>A few dependencies break these rules today in code that is being changed elsewhere at the
 * same time ({@link #FROZEN}). They are listed one by one, with why and what removes them, so the
 * rules hold for every other class and for anything new; {@link #theFrozenListOnlyShrinks} fails
 * when a listed dependency has gone, so its entry is removed and it cannot come back.
 */
@AnalyzeClasses(packages = {"org.tutela.app", "org.tutela.sync.protocol", "org.tutela.crypto"},
        importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** A dependency from one class (with its nested and anonymous classes) to a package or class that breaks a rule today. */
    record Frozen(String origin, String target, String why) {
        DescribedPredicate<JavaClass> originPredicate() {
            return DescribedPredicate.describe(origin, c -> named(c, origin));
        }

        DescribedPredicate<JavaClass> targetPredicate() {
            return DescribedPredicate.describe(target, c -> named(c, target));
        }

        private static boolean named(JavaClass c, String name) {
            String n = c.getName();
            return n.equals(name) || n.startsWith(name + ".") || n.startsWith(name + "$");
        }
    }

    private static final String VAULT = "org.tutela.app.vault";

    /** Today's breaches (none: the small stores go through the records layer's typed door). Only ever remove entries. */
    static final List<Frozen> FROZEN = List.of();

    /** The failure mapper: the one class of the screens that may name the vault's exception types (never its stores). */
    static final String FAILURE_MAPPER = "org.tutela.app.ui.common.Failures";

    @ArchTest
    static final ArchRule layers = frozen(layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("Launcher").definedBy("org.tutela.app")
            .layer("Ui").definedBy("org.tutela.app.ui..")
            .layer("Session").definedBy("org.tutela.app.session..")
            .layer("Records").definedBy("org.tutela.app.records..")
            .layer("Print").definedBy("org.tutela.app.print..")
            .layer("Confidential").definedBy("org.tutela.app.confidential..")
            .layer("SyncClient").definedBy("org.tutela.app.syncclient..")
            .layer("Domain").definedBy("org.tutela.app.domain..")
            .layer("Vault").definedBy("org.tutela.app.vault..")
            .layer("Settings").definedBy("org.tutela.app.settings..")
            .layer("WireFormat").definedBy("org.tutela.sync.protocol")
            .layer("SealedFormat").definedBy("org.tutela.sync.protocol.sealed..")
            .layer("SharedRules").definedBy("org.tutela.sync.protocol.rules..")
            .layer("Crypto").definedBy("org.tutela.crypto..")
            .whereLayer("Launcher").mayOnlyAccessLayers("Ui", "Settings")
            .whereLayer("Ui").mayOnlyAccessLayers("Session", "Records", "Print", "Confidential", "SyncClient", "Domain", "Settings")
            .whereLayer("Session").mayOnlyAccessLayers("Vault", "Crypto")
            .whereLayer("Records").mayOnlyAccessLayers("Domain", "Vault")
            .whereLayer("Print").mayOnlyAccessLayers("Domain", "Records")
            .whereLayer("Confidential").mayOnlyAccessLayers("Domain", "Records", "SealedFormat", "Crypto")
            .whereLayer("SyncClient").mayOnlyAccessLayers("Vault", "WireFormat")
            .whereLayer("Domain").mayOnlyAccessLayers("SharedRules")
            .whereLayer("Vault").mayOnlyAccessLayers("Crypto", "Settings")
            .whereLayer("Settings").mayNotAccessAnyLayer()
            .whereLayer("WireFormat").mayOnlyAccessLayers("Crypto")
            .whereLayer("SealedFormat").mayOnlyAccessLayers("Crypto")
            .whereLayer("Crypto").mayNotAccessAnyLayer()
            .whereLayer("SharedRules").mayNotAccessAnyLayer());

    /** What print and confidential may use of the records layer: its one typed door to the vault, never the caseload. */
    static final Set<String> THE_DOOR = Set.of("org.tutela.app.records.TypedStore", "org.tutela.app.records.RecordKind",
            "org.tutela.app.records.RecordKind$Travel", "org.tutela.app.records.LaptopOrganisationSettings");

    @ArchTest
    static final ArchRule theStoresUseOnlyTheDoorOfTheRecordsLayer = noClasses()
            .that().resideInAnyPackage("org.tutela.app.print..", "org.tutela.app.confidential..")
            .should().dependOnClassesThat(DescribedPredicate.describe("records classes other than the typed door",
                    c -> c.getPackageName().equals("org.tutela.app.records") && !THE_DOOR.contains(c.getName())))
            .because("the small stores keep their records through TypedStore and know the kinds from RecordKind");

    @ArchTest
    static final ArchRule noPackageCyclesAtAnyDepth = slices().matching("org.tutela.app.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule domainIsPlainJava = noClasses()
            .that().resideInAPackage("org.tutela.app.domain..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..", "com.fasterxml..", "org.slf4j..", "java.sql..")
            .because("the domain is plain Java, tested without a screen, a file or a log");

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

    /** Every frozen breach still happens; one that has gone must leave the list, so that it cannot come back unnoticed. */
    @ArchTest
    static void theFrozenListOnlyShrinks(JavaClasses classes) {
        for (Frozen f : FROZEN) {
            boolean stillThere = classes.stream().filter(f.originPredicate())
                    .flatMap(c -> c.getDirectDependenciesFromSelf().stream())
                    .anyMatch(d -> f.targetPredicate().test(d.getTargetClass()));
            assertTrue(stillThere, f.origin() + " no longer depends on " + f.target() + ": remove it from FROZEN");
        }
    }

    private static LayeredArchitecture frozen(LayeredArchitecture rule) {
        for (Frozen f : FROZEN) {
            rule = rule.ignoreDependency(f.originPredicate(), f.targetPredicate());
        }
        return rule.ignoreDependency(DescribedPredicate.describe("the failure mapper", c -> c.getName().equals(FAILURE_MAPPER)),
                vaultExceptions());
    }

    private static DescribedPredicate<JavaClass> vaultExceptions() {
        return DescribedPredicate.describe("the vault's exception types",
                c -> c.getPackageName().equals(VAULT) && c.isAssignableTo(Throwable.class));
    }

    /** The failure mapper's allowance is for exception types only: it never reaches the vault's stores. */
    @ArchTest
    static final ArchRule theFailureMapperNamesOnlyTheVaultsExceptions = noClasses()
            .that().haveFullyQualifiedName(FAILURE_MAPPER)
            .should().dependOnClassesThat(DescribedPredicate.describe("vault classes that are not exceptions",
                    c -> c.getPackageName().equals(VAULT) && !c.isAssignableTo(Throwable.class)));
}
