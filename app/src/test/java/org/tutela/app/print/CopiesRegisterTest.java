package org.tutela.app.print;

import org.tutela.app.records.RecordKind;
import org.tutela.app.records.TypedStore;
import org.tutela.app.domain.CopiesRecord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tutela.app.domain.CopyRecipient;
import org.tutela.app.vault.Vault;
import org.tutela.crypto.Argon2Params;

/** The copies register is kept in the vault, encrypted, and survives closing and reopening it. */
class CopiesRegisterTest {
    private static final char[] PASS = "invented test passphrase 41".toCharArray();

    @Test
    void printsAndHandOversAreRegisteredInTheVault(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("p.tutela");
        Instant t0 = Instant.parse("2026-03-11T10:30:00Z");
        AtomicReference<Instant> now = new AtomicReference<>(t0);
        Clock clock = new Clock() {
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            public Instant instant() {
                return now.get();
            }
        };
        var g = PrintFixtures.group();
        var l = PrintFixtures.learner(g);
        var tutorial = PrintFixtures.filled(l, "Registered comment");
        UUID id = tutorial.id();
        try (Vault vault = Vault.create(file, PASS.clone(), Argon2Params.FLOOR)) {
            CopiesRegister register = new CopiesRegister(new TypedStore(vault::records), clock);
            assertTrue(register.get(id).copies().isEmpty());
            FormPrinting printing = new FormPrinting(PrintSettings.DEFAULT,
                    PrintSource.of(List.of(l), List.of(g), List.of(), List.of(tutorial)),
                    PdfPrinter.capturing((b, c) -> { }), register);
            printing.print(printing.render(tutorial), new PdfPrinter.Choice(null, 3, null), printing.itemFor(tutorial));
            now.set(t0.plusSeconds(3600));
            register.setHandedOver(id, CopyRecipient.STUDENT, true);
            register.setHandedOver(id, CopyRecipient.PARENTS_CARERS, true);
            register.setHandedOver(id, CopyRecipient.PARENTS_CARERS, false);
        }
        byte[] raw = Files.readAllBytes(file);
        assertFalse(new String(raw, StandardCharsets.ISO_8859_1).contains("STUDENT"), "the register is encrypted");
        try (Vault vault = Vault.open(file, PASS.clone())) {
            CopiesRegister register = new CopiesRegister(new TypedStore(vault::records), clock);
            CopiesRecord r = register.get(id);
            assertEquals(1, r.printings().size());
            assertEquals(3, r.printings().get(0).copies());
            assertEquals(t0, r.printings().get(0).at());
            assertEquals(List.of(CopyRecipient.STUDENT, CopyRecipient.ILR, CopyRecipient.PARENTS_CARERS, CopyRecipient.EMPLOYER),
                    r.copies().stream().map(CopiesRecord.Copy::recipient).toList());
            var student = r.copy(CopyRecipient.STUDENT).orElseThrow();
            assertEquals(t0, student.printedAt());
            assertEquals(t0.plusSeconds(3600), student.handedOverAt());
            assertNull(r.copy(CopyRecipient.ILR).orElseThrow().handedOverAt());
            assertFalse(r.copy(CopyRecipient.PARENTS_CARERS).orElseThrow().handedOver(), "unticked");
            assertNull(r.copy(CopyRecipient.PARENTS_CARERS).orElseThrow().printedAt(), "not agreed, so not printed for");
            assertEquals(1, register.all().size());
            assertEquals(RecordKind.COPIES_REGISTER.name(), vault.records().get(CopiesRegister.recordId(id)).orElseThrow().kind());
        }
    }
}
