package org.tutela.app.records;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.tutela.app.domain.TutorialKind;
import org.tutela.app.domain.TutorialOutcome;
import org.tutela.app.domain.TutorialSummary;

/**
 * Reads a {@link TutorialSummary} straight from a stored tutorial's JSON, skipping the form,
 * snapshot, signatures' content and history: several times faster than reading the whole record,
 * which is what lets a caseload of 100,000 tutorials open in well under two seconds. It reads the
 * same field names as {@link RecordJson} writes for {@link org.tutela.app.domain.Tutorial}. Head
 * office's reports read the synced tutorials with it too, so they count exactly as the laptop does.
 */
public final class TutorialSummaryReader {

    private TutorialSummaryReader() {
    }

    /** "2025-11-20" without the formatter machinery (it is read 100,000 times at unlock); anything else the slow way. */
    static LocalDate date(String s) {
        if (s.length() == 10 && s.charAt(4) == '-' && s.charAt(7) == '-') {
            int y = digits(s, 0, 4);
            int m = digits(s, 5, 7);
            int d = digits(s, 8, 10);
            if (y >= 0 && m >= 0 && d >= 0) {
                return LocalDate.of(y, m, d);
            }
        }
        return LocalDate.parse(s);
    }

    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /**
     * The summary of a sealed (confidential) tutorial from its envelope's plain header, which holds
     * the learner, group, tutor, date, kind and outcome (the content stays sealed), so a
     * confidential tutorial still counts for entitlement and due dates.
     */
    public static TutorialSummary readSealedHeader(UUID recordId, byte[] body) throws IOException {
        try (JsonParser p = RecordJson.mapper().getFactory().createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            UUID learnerId = null;
            UUID groupId = null;
            String tutor = null;
            LocalDate date = null;
            TutorialKind kind = null;
            TutorialOutcome outcome = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (!name.equals("header") || v != JsonToken.START_OBJECT) {
                    p.skipChildren();
                    continue;
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String f = p.currentName();
                    JsonToken hv = p.nextToken();
                    if (hv == JsonToken.VALUE_NULL) {
                        continue;
                    }
                    switch (f) {
                        case "learnerId" -> learnerId = UUID.fromString(p.getText());
                        case "groupId" -> groupId = UUID.fromString(p.getText());
                        case "tutor" -> tutor = p.getText();
                        case "date" -> date = date(p.getText());
                        case "tutorialKind" -> kind = TutorialKind.valueOf(p.getText());
                        case "outcome" -> outcome = TutorialOutcome.valueOf(p.getText());
                        default -> p.skipChildren();
                    }
                }
            }
            if (kind == null || date == null || (kind == TutorialKind.GROUP_SESSION ? groupId == null : learnerId == null)) {
                throw new IOException("a sealed tutorial's header needs its kind, date and learner or group");
            }
            return new TutorialSummary(recordId, kind, learnerId, groupId, List.of(), tutor, date, null, outcome,
                    null, false, true, false, false);
        }
    }

    public static TutorialSummary read(byte[] body) throws IOException {
        try (JsonParser p = RecordJson.mapper().getFactory().createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            UUID id = null;
            TutorialKind kind = null;
            UUID learnerId = null;
            UUID groupId = null;
            List<UUID> attendees = new ArrayList<>();
            String tutor = null;
            LocalDate date = null;
            LocalTime time = null;
            LocalDate notifiedOn = null;
            boolean changed = false;
            TutorialOutcome outcome = null;
            LocalDate heldOn = null;
            boolean confidential = false;
            boolean draft = false;
            boolean learnerSigned = false;
            boolean tutorSigned = false;
            boolean sawConfidential = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                if (sawConfidential && name.equals("form")) {
                    break; // written summary-first (RecordJson): everything the summary needs is read
                }
                JsonToken v = p.nextToken();
                boolean isNull = v == JsonToken.VALUE_NULL;
                switch (name) {
                    case "id" -> id = isNull ? null : UUID.fromString(p.getText());
                    case "kind" -> kind = isNull ? null : TutorialKind.valueOf(p.getText());
                    case "learnerId" -> learnerId = isNull ? null : UUID.fromString(p.getText());
                    case "groupId" -> groupId = isNull ? null : UUID.fromString(p.getText());
                    case "attendeeIds" -> {
                        if (v == JsonToken.START_ARRAY) {
                            while (p.nextToken() != JsonToken.END_ARRAY) {
                                attendees.add(UUID.fromString(p.getText()));
                            }
                        }
                    }
                    case "tutor" -> tutor = isNull ? null : p.getText();
                    case "plan" -> {
                        if (v == JsonToken.START_OBJECT) {
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                String f = p.currentName();
                                JsonToken pv = p.nextToken();
                                if (pv == JsonToken.VALUE_NULL) {
                                    continue;
                                }
                                if (f.equals("date")) {
                                    date = date(p.getText());
                                } else if (f.equals("time")) {
                                    time = LocalTime.parse(p.getText());
                                } else if (f.equals("learnerNotifiedOn")) {
                                    notifiedOn = date(p.getText());
                                } else if (f.equals("arrangementsChanged")) {
                                    changed = pv == JsonToken.VALUE_TRUE;
                                } else {
                                    p.skipChildren();
                                }
                            }
                        }
                    }
                    case "outcome" -> outcome = isNull ? null : TutorialOutcome.valueOf(p.getText());
                    case "heldOn" -> heldOn = isNull ? null : date(p.getText());
                    case "confidential" -> {
                        confidential = v == JsonToken.VALUE_TRUE;
                        sawConfidential = true;
                    }
                    case "draft" -> draft = v == JsonToken.VALUE_TRUE;
                    case "learnerSignature" -> {
                        learnerSigned = v == JsonToken.START_OBJECT;
                        p.skipChildren();
                    }
                    case "tutorSignature" -> {
                        tutorSigned = v == JsonToken.START_OBJECT;
                        p.skipChildren();
                    }
                    default -> p.skipChildren();
                }
            }
            if (id == null || kind == null || date == null) {
                throw new IOException("a tutorial needs its id, kind and date");
            }
            if (outcome == TutorialOutcome.HELD && heldOn != null) {
                date = heldOn; // as Tutorial.date(): a held tutorial is dated the day it was held
            }
            if (kind == TutorialKind.GROUP_SESSION ? groupId == null : learnerId == null) {
                throw new IOException("a tutorial needs its learner or group");
            }
            return new TutorialSummary(id, kind, learnerId, groupId, attendees, tutor, date, time, outcome,
                    notifiedOn, changed, confidential, draft, learnerSigned && tutorSigned);
        }
    }
}
