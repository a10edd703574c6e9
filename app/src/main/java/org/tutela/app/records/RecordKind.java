package org.tutela.app.records;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.tutela.app.domain.Concern;
import org.tutela.app.domain.ConcernResponse;
import org.tutela.app.domain.ConfidentialOpening;
import org.tutela.app.domain.CopiesRecord;
import org.tutela.app.domain.Group;
import org.tutela.app.domain.Learner;
import org.tutela.app.domain.Organisation;
import org.tutela.app.domain.SignpostingService;
import org.tutela.app.domain.Target;
import org.tutela.app.domain.TaskDone;
import org.tutela.app.domain.Tutorial;

/**
 * Every kind of record this laptop keeps in its vault, in one list: the name it is stored and sent
 * under, the Java type its body reads into ({@link RecordJson}), which way it travels, and whether
 * a record of it is urgent. Add a kind here and nowhere else.
 *
 * <p>Head office keeps its own list in the wire format (what a laptop may push, what head office
 * writes itself); the records layer does not see the wire format, so {@code RecordKindTest} holds
 * the two lists together.
 *
 * @param <T> the record's Java type
 */
public final class RecordKind<T> {

    /** Which way records of a kind travel. */
    public enum Travel {
        /** Written on the laptops of the caseload (and some by head office): pushed and pulled. */
        BOTH_WAYS,
        /** Written by head office only: pulled, never written on a laptop. */
        FROM_HEAD_OFFICE,
        /** Never leaves this laptop (the outbox clears them without sending). */
        LOCAL
    }

    /** The stored names, as constants where a {@code switch} needs them; everything else asks a kind for its {@link #name()}. */
    public static final class Names {
        public static final String LEARNER = "learner";
        public static final String GROUP = "group";
        public static final String TUTORIAL = "tutorial";
        public static final String TARGET = "target";
        public static final String CONCERN = "concern";
        public static final String TASK_DONE = "task-done";
        public static final String CONFIDENTIAL_OPENING = "confidential-opening";
        public static final String COPIES_REGISTER = "copies-register";
        public static final String ORGANISATION = "organisation";
        public static final String CONCERN_RESPONSE = "concern-response";
        public static final String SIGNPOSTING = "signposting";
        public static final String ORGANISATION_SETTINGS = "organisation-settings";

        private Names() {
        }
    }

    public static final RecordKind<Learner> LEARNER = new RecordKind<>(Names.LEARNER, Learner.class, Travel.BOTH_WAYS, never());
    public static final RecordKind<Group> GROUP = new RecordKind<>(Names.GROUP, Group.class, Travel.BOTH_WAYS, never());
    /**
     * A tutorial. A confidential one is stored sealed: its body is then its envelope, not a
     * {@link Tutorial} ({@link TypedStore#sealedEnvelope}), and it is urgent as it is sealed.
     */
    public static final RecordKind<Tutorial> TUTORIAL = new RecordKind<>(Names.TUTORIAL, Tutorial.class, Travel.BOTH_WAYS, never());
    public static final RecordKind<Target> TARGET = new RecordKind<>(Names.TARGET, Target.class, Travel.BOTH_WAYS, never());
    /** A concern: a safeguarding concern is urgent (sent first, and watched until the lead has seen it). */
    public static final RecordKind<Concern> CONCERN = new RecordKind<>(Names.CONCERN, Concern.class, Travel.BOTH_WAYS, Concern::urgent);
    /** That a tutor did a task the safeguarding lead gave them about a concern. */
    public static final RecordKind<TaskDone> TASK_DONE = new RecordKind<>(Names.TASK_DONE, TaskDone.class, Travel.BOTH_WAYS, never());
    /** That a confidential tutorial was opened (who, when, how): head office audits openings. */
    public static final RecordKind<ConfidentialOpening> CONFIDENTIAL_OPENING =
            new RecordKind<>(Names.CONFIDENTIAL_OPENING, ConfidentialOpening.class, Travel.BOTH_WAYS, never());
    /** Which copies of a tutorial's form were printed and handed over. */
    public static final RecordKind<CopiesRecord> COPIES_REGISTER =
            new RecordKind<>(Names.COPIES_REGISTER, CopiesRecord.class, Travel.BOTH_WAYS, never());
    /** The organisation as head office set it up (one record, {@link Organisation#RECORD_ID}). */
    public static final RecordKind<Organisation> ORGANISATION =
            new RecordKind<>(Names.ORGANISATION, Organisation.class, Travel.FROM_HEAD_OFFICE, never());
    /** Head office's answer to a concern: the lead saw it, and the tasks the lead gave the tutor. */
    public static final RecordKind<ConcernResponse> CONCERN_RESPONSE =
            new RecordKind<>(Names.CONCERN_RESPONSE, ConcernResponse.class, Travel.FROM_HEAD_OFFICE, never());
    /** The services a tutor signposts learners to: this laptop's own list. */
    public static final RecordKind<SignpostingService> SIGNPOSTING =
            new RecordKind<>(Names.SIGNPOSTING, SignpostingService.class, Travel.LOCAL, never());
    /** The organisation's settings as this laptop keeps them while head office has sent none. */
    public static final RecordKind<LaptopOrganisationSettings> ORGANISATION_SETTINGS =
            new RecordKind<>(Names.ORGANISATION_SETTINGS, LaptopOrganisationSettings.class, Travel.LOCAL, never());

    private static final List<RecordKind<?>> ALL = List.of(LEARNER, GROUP, TUTORIAL, TARGET, CONCERN, TASK_DONE,
            CONFIDENTIAL_OPENING, COPIES_REGISTER, ORGANISATION, CONCERN_RESPONSE, SIGNPOSTING, ORGANISATION_SETTINGS);

    private final String name;
    private final Class<T> type;
    private final Travel travel;
    private final Predicate<T> urgent;

    private RecordKind(String name, Class<T> type, Travel travel, Predicate<T> urgent) {
        this.name = name;
        this.type = type;
        this.travel = travel;
        this.urgent = urgent;
    }

    private static <T> Predicate<T> never() {
        return record -> false;
    }

    /** Every kind, in a fixed order. */
    public static List<RecordKind<?>> all() {
        return ALL;
    }

    /** The kind stored under this name, or empty for a kind this laptop does not keep. */
    public static Optional<RecordKind<?>> named(String name) {
        for (RecordKind<?> kind : ALL) {
            if (kind.name.equals(name)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    /** The name it is stored and sent under. */
    public String name() {
        return name;
    }

    public Class<T> type() {
        return type;
    }

    public Travel travel() {
        return travel;
    }

    /** True for the stored name of this kind. */
    public boolean is(String storedKind) {
        return name.equals(storedKind);
    }

    /** Whether this record goes first at the next sync (and, for a concern, is watched). */
    public boolean urgent(T record) {
        return urgent.test(Objects.requireNonNull(record));
    }

    /** The record's body as the vault keeps it. */
    public byte[] write(T record) {
        return RecordJson.write(type.cast(record));
    }

    /** @throws IOException or a domain validation exception when the body does not make a valid record */
    public T read(byte[] body) throws IOException {
        return RecordJson.read(body, type);
    }

    @Override
    public String toString() {
        return name;
    }
}
