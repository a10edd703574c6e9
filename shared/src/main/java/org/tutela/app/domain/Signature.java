package org.tutela.app.domain;

import java.time.LocalDate;
import java.util.List;

/**
 * A learner's or tutor's signature with its date: either a typed name with a declaration, or a
 * drawn signature (pen, touch or mouse) kept as strokes of points.
 */
public record Signature(String name, Method method, String declaration, List<Stroke> strokes, LocalDate date) {

    public enum Method { TYPED, DRAWN }

    public static final String DEFAULT_DECLARATION =
            "I have read this record of the tutorial and agree that it is accurate.";

    /** One continuous pen stroke. */
    public record Stroke(List<Point> points) {
        public Stroke {
            points = points == null ? List.of() : List.copyOf(points);
        }
    }

    /** A point of a stroke in the signature box's own coordinates (0..1 of its width and height). */
    public record Point(float x, float y) {
    }

    public Signature {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("A signature needs the signer's name");
        }
        if (date == null) {
            throw new IllegalArgumentException("A signature needs its date");
        }
        if (method == null) {
            throw new IllegalArgumentException("A signature is typed or drawn");
        }
        strokes = strokes == null ? List.of() : List.copyOf(strokes);
        if (method == Method.TYPED && (declaration == null || declaration.isBlank())) {
            throw new IllegalArgumentException("A typed signature needs its declaration");
        }
        if (method == Method.DRAWN && strokes.isEmpty()) {
            throw new IllegalArgumentException("The signature box is empty");
        }
    }

    public static Signature typed(String name, LocalDate date) {
        return new Signature(name, Method.TYPED, DEFAULT_DECLARATION, List.of(), date);
    }

    public static Signature drawn(String name, List<Stroke> strokes, LocalDate date) {
        return new Signature(name, Method.DRAWN, null, strokes, date);
    }
}
