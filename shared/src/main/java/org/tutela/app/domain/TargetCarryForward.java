package org.tutela.app.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Targets are carried from tutorial to tutorial until met or closed. The next tutorial lists the
 * open ones and asks "met? if not, why not?"; applying a held tutorial records the answers on the
 * targets and adds the new SMART targets it set.
 */
public final class TargetCarryForward {

    private TargetCarryForward() {
    }

    /** The learner's open targets, oldest first, as unanswered "met? if not, why not?" prompts. */
    public static List<TargetReview> prompts(UUID learnerId, List<Target> targets) {
        return open(learnerId, targets).stream().map(TargetReview::prompt).toList();
    }

    /** The learner's open (open or carried) targets, oldest first. */
    public static List<Target> open(UUID learnerId, List<Target> targets) {
        return targets.stream().filter(t -> t.learnerId().equals(learnerId) && t.open())
                .sorted(Target.OLDEST_FIRST)
                .toList();
    }

    /**
     * Applies a held tutorial to the learner's targets: each answered review makes its target met,
     * carried (not met) or closed (not met, and closed); unanswered ones stay as they are; each new
     * SMART target becomes an open target set in this tutorial. Applying the same tutorial again
     * replaces its earlier answers (no duplicates).
     *
     * @return the targets that changed or are new (to save)
     */
    public static List<Target> apply(Tutorial tutorial, List<Target> existing) {
        if (!tutorial.held() || tutorial.learnerId() == null) {
            return List.of();
        }
        UUID learner = tutorial.learnerId();
        Map<UUID, Target> byId = new LinkedHashMap<>();
        for (Target t : existing) {
            byId.put(t.id(), t);
        }
        List<Target> changed = new ArrayList<>();
        for (TargetReview r : tutorial.form().previousTargets()) {
            Target t = byId.get(r.targetId());
            if (t == null || r.met() == null || !t.learnerId().equals(learner)) {
                continue;
            }
            TargetStatus result = r.met() ? TargetStatus.MET : r.close() ? TargetStatus.CLOSED : TargetStatus.CARRIED;
            Target updated = t.reviewed(new Target.Review(tutorial.id(), tutorial.date(), r.met(), r.whyNot(), result));
            if (!updated.equals(t)) {
                changed.add(updated);
            }
        }
        for (NewTarget n : tutorial.form().newTargets()) {
            Target old = byId.get(n.targetId());
            if (old == null) {
                changed.add(Target.set(learner, n, tutorial.id(), tutorial.date()));
            } else if (!old.text().equals(n.text()) || !java.util.Objects.equals(old.byWhen(), n.byWhen())) {
                changed.add(old.withText(n.text(), n.byWhen()));
            }
        }
        return changed;
    }
}
