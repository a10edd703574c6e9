package org.tutela.sync.server.headoffice;

import java.util.List;
import java.util.stream.Collectors;

/** What head office was asked to store is refused, nothing was stored; {@link #problems()} say why, field by field. */
public final class InvalidInput extends IllegalArgumentException {
    private final List<Problem> problems;

    public InvalidInput(List<Problem> problems) {
        super(problems.stream().map(Problem::describe).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public InvalidInput(Problem problem) {
        this(List.of(problem));
    }

    public List<Problem> problems() {
        return problems;
    }
}
