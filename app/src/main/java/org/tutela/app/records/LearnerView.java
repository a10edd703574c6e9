package org.tutela.app.records;

import java.util.List;
import org.tutela.app.domain.Concern;
import org.tutela.app.domain.EntitlementTally;
import org.tutela.app.domain.Group;
import org.tutela.app.domain.Learner;
import org.tutela.app.domain.ReviewDue;
import org.tutela.app.domain.Target;
import org.tutela.app.domain.Tutorial;

/**
 * Everything the learner screen shows: details, group, the timeline of tutorials (newest first)
 * and concerns (newest first), open targets (oldest first), all targets, when the next review is
 * due, and this academic year's tutorials against entitlement.
 */
public record LearnerView(Learner learner, Group group, List<Tutorial> tutorials, List<Concern> concerns,
                          List<Target> openTargets, List<Target> allTargets, ReviewDue review,
                          EntitlementTally thisYear) {
}
