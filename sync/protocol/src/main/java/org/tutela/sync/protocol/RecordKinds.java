package org.tutela.sync.protocol;

import java.util.Set;

/**
 * The record kinds of record-schema version 1. The server routes a record by kind and its
 * scope metadata ({@code learnerId}, {@code groupId}); it never reads the payload.
 */
public final class RecordKinds {
    public static final String LEARNER = "learner";
    public static final String GROUP = "group";
    public static final String TUTORIAL = "tutorial";
    public static final String TARGET = "target";
    public static final String CONCERN = "concern";
    public static final String ATTENDANCE = "attendance";
    /** That a confidential tutorial was opened (who, when, how): head office's audit of openings. Routed as its tutorial. */
    public static final String CONFIDENTIAL_OPENING = "confidential-opening";
    /** Which copies of a tutorial's form were printed and handed over. Routed as its tutorial. */
    public static final String COPIES_REGISTER = "copies-register";

    public static final Set<String> KNOWN = Set.of(LEARNER, GROUP, TUTORIAL, TARGET, CONCERN, ATTENDANCE,
            CONFIDENTIAL_OPENING, COPIES_REGISTER);

    private RecordKinds() {
    }

    public static boolean isKnown(String kind) {
        return kind != null && KNOWN.contains(kind);
    }
}
