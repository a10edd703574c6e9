package org.tutela.sync.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.UUID;

/**
 * The record kinds of record-schema version 1. The server routes a record by kind and its
 * scope metadata ({@code learnerId}, {@code groupId}); it never reads what a device pushes. Head
 * office authors records of three kinds itself ({@link #ORGANISATION}, {@link #GROUP},
 * {@link #LEARNER}), in the same JSON the app writes for them.
 */
public final class RecordKinds {
    public static final String LEARNER = "learner";
    public static final String GROUP = "group";
    public static final String TUTORIAL = "tutorial";
    public static final String TARGET = "target";
    public static final String CONCERN = "concern";
    public static final String ATTENDANCE = "attendance";

    /**
     * The organisation's settings, written by head office only (never pushed: not in
     * {@link #KNOWN}); every device receives it, whatever its caseload.
     */
    public static final String ORGANISATION = "organisation";
    /** The one organisation record's id. */
    public static final UUID ORGANISATION_ID = UUID.nameUUIDFromBytes("tutela:organisation".getBytes(StandardCharsets.UTF_8));

    /** The kinds a device may push. */
    public static final Set<String> KNOWN = Set.of(LEARNER, GROUP, TUTORIAL, TARGET, CONCERN, ATTENDANCE);

    /** Kinds every device receives by pull, outside any caseload (docs/sync-protocol.md section 7). */
    public static final Set<String> ORGANISATION_WIDE = Set.of(ORGANISATION);

    private RecordKinds() {
    }

    public static boolean isKnown(String kind) {
        return kind != null && KNOWN.contains(kind);
    }
}
