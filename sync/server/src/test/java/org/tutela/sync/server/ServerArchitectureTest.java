package org.tutela.sync.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;

/**
 * The server's one rule of layers: HTTP stays out of the SQL code. A class that talks to the
 * database (uses {@code java.sql}) knows nothing of Javalin, Jetty, the request {@code Context} or
 * HTTP status codes ({@link ApiException} carries one): it returns outcomes, and
 * {@link SyncServer} turns them into statuses. And the HTTP code runs no SQL of its own.
 *
 * <p>Two classes break the first rule today, in code being changed elsewhere at the same time;
 * they are listed in {@link #FROZEN} with why, so the rule holds for every other class and for
 * anything new, and {@link #theFrozenListOnlyShrinks} makes sure the list only gets shorter.
 */
@AnalyzeClasses(packages = "org.tutela.sync.server", importOptions = ImportOption.DoNotIncludeTests.class)
class ServerArchitectureTest {

    /** A class (with its nested and anonymous classes) allowed, for now, to use HTTP concerns in SQL code. */
    record Frozen(String origin, String target, String why) {
    }

    /** Today's breaches. Only ever remove entries. */
    static final List<Frozen> FROZEN = List.of(
            new Frozen("org.tutela.sync.server.SyncService", "org.tutela.sync.server.ApiException",
                    "refuses a batch or a pull with an HTTP status (401, 403, 409) instead of returning an outcome"),
            new Frozen("org.tutela.sync.server.GroupCommitter", "org.tutela.sync.server.ApiException",
                    "passes on SyncService's refusals, and refuses with 503 while stopping"));

    /** The HTTP layer itself: where requests are read and outcomes become statuses. */
    private static final List<String> HTTP_LAYER = List.of(
            "org.tutela.sync.server.SyncServer", "org.tutela.sync.server.JsonErrorHandler", "org.tutela.sync.server.ApiException");

    private static final DescribedPredicate<JavaClass> TALKS_TO_THE_DATABASE = DescribedPredicate.describe(
            "talk to the database (use java.sql)",
            c -> c.getDirectDependenciesFromSelf().stream().anyMatch(d -> d.getTargetClass().getPackageName().equals("java.sql")));

    private static final DescribedPredicate<JavaClass> IN_THE_HTTP_LAYER = DescribedPredicate.describe(
            "belong to the HTTP layer", c -> HTTP_LAYER.stream().anyMatch(name -> named(c, name)));

    private static final DescribedPredicate<JavaClass> FROZEN_ORIGIN = DescribedPredicate.describe(
            "appear in FROZEN", c -> FROZEN.stream().anyMatch(f -> named(c, f.origin())));

    @ArchTest
    static final ArchRule httpStaysOutOfTheSqlCode = noClasses()
            .that(TALKS_TO_THE_DATABASE).and(DescribedPredicate.not(IN_THE_HTTP_LAYER)).and(DescribedPredicate.not(FROZEN_ORIGIN))
            .should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "org.eclipse.jetty..", "jakarta.servlet..")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("org.tutela.sync.server.ApiException")
            .because("the SQL code returns outcomes; SyncServer maps them to HTTP statuses");

    @ArchTest
    static final ArchRule frozenClassesStayOffJavalin = noClasses()
            .that(FROZEN_ORIGIN)
            .should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "org.eclipse.jetty..", "jakarta.servlet..")
            .because("a frozen class may keep only the breach it is listed for");

    @ArchTest
    static final ArchRule theHttpLayerRunsNoSql = noClasses()
            .that(IN_THE_HTTP_LAYER)
            .should().dependOnClassesThat().haveFullyQualifiedName("java.sql.Connection")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.sql.PreparedStatement")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.sql.Statement")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.sql.ResultSet")
            .because("requests are answered by Accounts and SyncService, which own the SQL");

    /** Every frozen breach still happens; one that has gone must leave the list, so that it cannot come back unnoticed. */
    @ArchTest
    static void theFrozenListOnlyShrinks(JavaClasses classes) {
        for (Frozen f : FROZEN) {
            boolean stillThere = classes.stream().filter(c -> named(c, f.origin()))
                    .flatMap(c -> c.getDirectDependenciesFromSelf().stream())
                    .anyMatch(d -> named(d.getTargetClass(), f.target()));
            assertTrue(stillThere, f.origin() + " no longer depends on " + f.target() + ": remove it from FROZEN");
        }
    }

    private static boolean named(JavaClass c, String name) {
        String n = c.getName();
        return n.equals(name) || n.startsWith(name + "$");
    }
}
