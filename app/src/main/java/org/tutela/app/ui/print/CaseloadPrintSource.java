package org.tutela.app.ui.print;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.tutela.app.domain.Group;
import org.tutela.app.domain.Learner;
import org.tutela.app.domain.Target;
import org.tutela.app.domain.Tutorial;
import org.tutela.app.print.PrintSource;
import org.tutela.app.records.Caseload;

/**
 * The caseload in memory as what printing reads: the app's wiring, kept on the screens' side so
 * that printing knows the domain only, never the caseload.
 */
public final class CaseloadPrintSource implements PrintSource {
    private final Caseload caseload;

    private CaseloadPrintSource(Caseload caseload) {
        this.caseload = caseload;
    }

    public static PrintSource of(Caseload caseload) {
        return new CaseloadPrintSource(caseload);
    }

    @Override
    public Optional<Learner> learner(UUID id) {
        return id == null ? Optional.empty() : caseload.learner(id);
    }

    @Override
    public Optional<Group> group(UUID id) {
        return id == null ? Optional.empty() : caseload.group(id);
    }

    @Override
    public List<Learner> learnersIn(UUID groupId) {
        return caseload.learnersIn(groupId).stream().sorted(Comparator.comparing(Learner::sortKey)).toList();
    }

    @Override
    public List<Target> targetsOf(UUID learnerId) {
        return caseload.targetsOf(learnerId);
    }

    @Override
    public List<Tutorial> tutorialsOf(UUID learnerId) {
        return caseload.tutorialsOf(learnerId);
    }
}
