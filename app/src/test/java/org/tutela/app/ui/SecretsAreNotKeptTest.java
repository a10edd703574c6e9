package org.tutela.app.ui;

import static com.tngtech.archunit.base.DescribedPredicate.or;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import javafx.beans.value.ObservableStringValue;

/**
 * No screen keeps a passphrase or password as text: no field of a view or view model that holds
 * a secret (by its name) is a String or an observable string. The screens hand secrets over as
 * char[] copies, wiped after use (see {@code Secrets}).
 */
@AnalyzeClasses(packages = "org.tutela.app.ui", importOptions = ImportOption.DoNotIncludeTests.class)
class SecretsAreNotKeptTest {

    @ArchTest
    static final ArchRule noSecretIsKeptAsText = noFields()
            .that().areDeclaredInClassesThat().resideInAPackage("org.tutela.app.ui..")
            .and().areNotStatic()
            .and().haveNameMatching("(?i).*(password|passphrase|secret|current|replacement|confirm).*")
            .should().haveRawType(or(assignableTo(ObservableStringValue.class), assignableTo(String.class), assignableTo(CharSequence.class)))
            .because("a String cannot be wiped; secrets are taken out of the field as char[] and wiped");
}
