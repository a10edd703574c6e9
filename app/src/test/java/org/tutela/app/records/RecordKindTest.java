package org.tutela.app.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.tutela.app.domain.Concern;
import org.tutela.app.domain.ConcernCategory;
import org.tutela.sync.protocol.RecordKinds;

/** The laptop's one list of record kinds, held against head office's list in the wire format. */
class RecordKindTest {

    /** Kinds head office takes that no laptop keeps yet, each with why. */
    private static final Map<String, String> NOT_KEPT_HERE_YET = Map.of(
            RecordKinds.ATTENDANCE, "registers are the next work on the tutor's week; the wire format is ready for them");

    private static Set<String> names(RecordKind.Travel travel) {
        return RecordKind.all().stream().filter(k -> k.travel() == travel).map(RecordKind::name).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void everyKindALaptopSendsIsOneHeadOfficeTakesAndEveryKindItTakesIsKeptHere() {
        Set<String> sent = names(RecordKind.Travel.BOTH_WAYS);
        Set<String> taken = new TreeSet<>(RecordKinds.KNOWN);
        taken.removeAll(NOT_KEPT_HERE_YET.keySet());
        assertEquals(taken, sent, "the kinds a laptop pushes are exactly the kinds head office takes");
        for (String name : sent) {
            assertTrue(RecordKinds.isKnown(name), name + " would be refused UNKNOWN_KIND");
        }
    }

    @Test
    void kindsHeadOfficeWritesAreNeverPushedAndLocalKindsNeverLeave() {
        Set<String> headOffices = new TreeSet<>(RecordKinds.ORGANISATION_WIDE);
        headOffices.add(RecordKinds.CONCERN_RESPONSE);
        assertEquals(headOffices, names(RecordKind.Travel.FROM_HEAD_OFFICE));
        for (String name : names(RecordKind.Travel.LOCAL)) {
            // the sync client clears entries of kinds head office does not take without sending them
            assertFalse(RecordKinds.isKnown(name), name + " would leave the laptop");
        }
        for (String name : names(RecordKind.Travel.FROM_HEAD_OFFICE)) {
            assertFalse(RecordKinds.isKnown(name), name + " is head office's to write");
        }
    }

    @Test
    void namesAreUniqueAndEachKindIsFoundByItsName() {
        Set<String> seen = new HashSet<>();
        for (RecordKind<?> kind : RecordKind.all()) {
            assertTrue(seen.add(kind.name()), "named twice: " + kind);
            assertEquals(kind, RecordKind.named(kind.name()).orElseThrow());
        }
        assertTrue(RecordKind.named("attendance").isEmpty(), "a kind this laptop does not keep");
    }

    @Test
    void theConstantsForASwitchAreTheKindsOwnNames() throws IllegalAccessException {
        Set<String> constants = new TreeSet<>();
        for (var field : RecordKind.Names.class.getFields()) {
            constants.add((String) field.get(null));
        }
        assertEquals(RecordKind.all().stream().map(RecordKind::name).collect(Collectors.toCollection(TreeSet::new)), constants);
    }

    @Test
    void aSafeguardingConcernIsUrgentAndReadsBackAsWritten() throws IOException {
        Concern safeguarding = Concern.raise(UUID.randomUUID(), ConcernCategory.SAFEGUARDING, LocalDate.of(2026, 11, 2), "Tutor", "seen");
        Concern housing = Concern.raise(UUID.randomUUID(), ConcernCategory.HOUSING, LocalDate.of(2026, 11, 2), "Tutor", "seen");
        assertTrue(RecordKind.CONCERN.urgent(safeguarding));
        assertFalse(RecordKind.CONCERN.urgent(housing));
        assertFalse(RecordKind.LEARNER.travel() == RecordKind.Travel.LOCAL);
        assertEquals(safeguarding, RecordKind.CONCERN.read(RecordKind.CONCERN.write(safeguarding)));
    }

    /** No other class of the app or the shared module names a kind: a new kind is added in the registry only. */
    @Test
    void onlyTheRegistryNamesKinds() throws IOException {
        Pattern constant = Pattern.compile("static\\s+final\\s+String\\s+\\w*KIND\\w*\\s*=");
        List<String> found;
        try (Stream<Path> files = Stream.concat(Files.walk(source("app")), Files.walk(source("shared")))) {
            found = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !p.getFileName().toString().equals("RecordKind.java"))
                    .filter(p -> {
                        try {
                            return constant.matcher(Files.readString(p)).find() || p.getFileName().toString().equals("RecordKinds.java");
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }).map(Path::toString).toList();
        }
        assertEquals(List.of(), found, "kinds named outside RecordKind");
    }

    private static Path source(String module) {
        Path here = Path.of("").toAbsolutePath();
        Path root = Files.isDirectory(here.resolve("app")) ? here : here.getParent();
        return root.resolve(module).resolve("src/main/java");
    }
}
