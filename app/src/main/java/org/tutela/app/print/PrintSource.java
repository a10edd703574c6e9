package org.tutela.app.print;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.tutela.app.domain.Group;
import org.tutela.app.domain.Learner;
import org.tutela.app.domain.Target;
import org.tutela.app.domain.Tutorial;

/**
 * Where printing finds the records around a tutorial: its learner and group, the learners of a
 * group, their targets and tutorials. The app backs it with the caseload in memory (the screens'
 * {@code CaseloadPrintSource}); tests and tools with {@link #of} over records in memory.
 */
public interface PrintSource {
    Optional<Learner> learner(UUID id);

    Optional<Group> group(UUID id);

    /** The group's learners in the order they print (by family then given name). */
    List<Learner> learnersIn(UUID groupId);

    List<Target> targetsOf(UUID learnerId);

    List<Tutorial> tutorialsOf(UUID learnerId);

    /** A source over records already in memory. */
    static PrintSource of(Collection<Learner> learners, Collection<Group> groups, Collection<Target> targets,
                          Collection<Tutorial> tutorials) {
        Map<UUID, Learner> byId = learners.stream().collect(Collectors.toMap(Learner::id, Function.identity(), (a, b) -> b));
        Map<UUID, Group> groupsById = groups.stream().collect(Collectors.toMap(Group::id, Function.identity(), (a, b) -> b));
        List<Target> allTargets = List.copyOf(targets);
        List<Tutorial> allTutorials = List.copyOf(tutorials);
        return new PrintSource() {
            public Optional<Learner> learner(UUID id) {
                return Optional.ofNullable(id == null ? null : byId.get(id));
            }

            public Optional<Group> group(UUID id) {
                return Optional.ofNullable(id == null ? null : groupsById.get(id));
            }

            public List<Learner> learnersIn(UUID groupId) {
                return byId.values().stream().filter(l -> l.groupIds().contains(groupId))
                        .sorted(Comparator.comparing(Learner::sortKey)).toList();
            }

            public List<Target> targetsOf(UUID learnerId) {
                return allTargets.stream().filter(t -> t.learnerId().equals(learnerId)).toList();
            }

            public List<Tutorial> tutorialsOf(UUID learnerId) {
                return allTutorials.stream().filter(t -> t.involves(learnerId)).toList();
            }
        };
    }
}
