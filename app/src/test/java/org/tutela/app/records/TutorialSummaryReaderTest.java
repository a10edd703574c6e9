package org.tutela.app.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.tutela.app.domain.Tutorial;
import org.tutela.app.records.demo.DemoCaseload;

class TutorialSummaryReaderTest {

    @Test
    void theQuickReaderAgreesWithTheFullRecordForEveryDemoTutorial() throws IOException {
        DemoCaseload.Data d = DemoCaseload.generate(3L, new DemoCaseload.Scale(4, 8, 2, 30, 300), LocalDate.of(2025, 11, 20));
        assertTrue(d.tutorials().stream().anyMatch(Tutorial::locked));
        for (Tutorial t : d.tutorials()) {
            byte[] json = RecordJson.write(t);
            assertEquals(t.summary(), TutorialSummaryReader.read(json));
            assertEquals(t, RecordJson.read(json, Tutorial.class));
        }
    }

    @Test
    void summaryFieldsAreWrittenFirstAndRecordsInAnyOtherOrderStillReadWhole() throws IOException {
        DemoCaseload.Data d = DemoCaseload.generate(5L, new DemoCaseload.Scale(3, 6, 2, 20, 200), LocalDate.of(2025, 11, 20));
        int signed = 0;
        for (Tutorial t : d.tutorials()) {
            String json = new String(RecordJson.write(t), StandardCharsets.UTF_8);
            if (json.contains("\"form\"")) {
                assertTrue(json.indexOf("\"confidential\"") < json.indexOf("\"form\""), "summary first: " + json);
            }
            // The same record with its fields in another order (form first, as older records were written).
            com.fasterxml.jackson.databind.node.ObjectNode tree = (com.fasterxml.jackson.databind.node.ObjectNode)
                    RecordJson.mapper().readTree(json);
            com.fasterxml.jackson.databind.node.ObjectNode reordered = RecordJson.mapper().createObjectNode();
            java.util.List<String> names = new java.util.ArrayList<>();
            tree.fieldNames().forEachRemaining(names::add);
            java.util.Collections.reverse(names);
            for (String name : names) {
                reordered.set(name, tree.get(name));
            }
            assertEquals(t.summary(), TutorialSummaryReader.read(RecordJson.mapper().writeValueAsBytes(reordered)));
            if (t.locked()) {
                signed++;
            }
        }
        assertTrue(signed > 0, "signed tutorials were among them");
    }

    @Test
    void datesReadQuicklyAndStrictly() {
        assertEquals(LocalDate.of(2025, 2, 28), TutorialSummaryReader.date("2025-02-28"));
        assertEquals(LocalDate.of(-1, 1, 1), TutorialSummaryReader.date("-0001-01-01"));
        assertThrows(java.time.DateTimeException.class, () -> TutorialSummaryReader.date("2025-02-30"));
        assertThrows(java.time.DateTimeException.class, () -> TutorialSummaryReader.date("2025-1-1"));
        assertThrows(java.time.DateTimeException.class, () -> TutorialSummaryReader.date("2025-0a-01"));
    }

    @Test
    void unknownFieldsAreSkippedAndMissingOnesRefused() throws IOException {
        String ok = "{\"future\":{\"a\":[1,{\"b\":2}]},\"id\":\"6f1c2f0e-8e0f-4d55-9a52-3f9e2f5d6a10\",\"kind\":\"INFORMAL_SUPPORT\","
                + "\"learnerId\":\"0a4e7c1d-1111-4a3b-8c9d-2e5f6a7b8c9d\",\"plan\":{\"x\":[],\"date\":\"2025-01-02\"}}";
        assertEquals(LocalDate.of(2025, 1, 2), TutorialSummaryReader.read(ok.getBytes(StandardCharsets.UTF_8)).date());
        assertThrows(IOException.class, () -> TutorialSummaryReader.read("{\"kind\":\"GROUP_SESSION\"}".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IOException.class, () -> TutorialSummaryReader.read("[]".getBytes(StandardCharsets.UTF_8)));
    }
}
