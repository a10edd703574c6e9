package org.tutela.app.print;

import java.util.UUID;

/**
 * One thing to print: a tutorial's form ({@link FormContent}, filled or blank) or, for a
 * confidential tutorial, only its envelope label ({@link EnvelopeLabel}). Build them with
 * {@link PrintItems}, which decides which one a tutorial gets.
 */
public sealed interface PrintItem permits FormContent, EnvelopeLabel {

    /** The tutorial printed, or null for a blank form not tied to a tutorial yet. */
    UUID tutorialId();
}
