package org.tutela.app.ui.common;

/**
 * Something typed on a screen that the screen refuses, with what to tell the tutor already in
 * their words (from the bundle). A view model throws it from building a record and shows
 * {@link #text()}; the failure mapper knows it. (The text is also its message, for tests; the
 * failure mapper never logs a message.)
 */
public final class Problem extends IllegalArgumentException {
    private final transient String text;

    public Problem(String text) {
        super(text);
        this.text = text;
    }

    /** What the tutor is told. */
    public String text() {
        return text;
    }
}
