package org.tutela.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.tutela.app.session.VaultSession;
import org.tutela.app.ui.common.TaskRunner;
import org.tutela.app.ui.unlock.CreateVaultViewModel;

/**
 * Creating the demo vault as the tutor does on the first screen (the app's own view model, with
 * the lock tuned to this machine as for a real vault): from pressing Create to done, and the
 * three steps within it (locking it, making up and writing the invented caseload, sealing the
 * demo's confidential tutorials). The screen tunes the lock while the tutor fills it in; Create is
 * pressed once that is done (typing a passphrase twice and a name takes longer), and the tuning's
 * own time is printed as {@code demo.lock_tuning}. Each run makes a new vault in this JVM; the first run is the
 * cold one a new user meets, and is printed on its own beside the median.
 * {@code --smoke}: one run. Prints {@code name: value unit} lines.
 */
public final class DemoBench {
    private static final String PASSPHRASE = "invented demo bench passphrase";

    private DemoBench() {
    }

    public static void main(String[] args) throws Exception {
        boolean smoke = List.of(args).contains("--smoke");
        int runs = smoke ? 1 : 3;
        for (String a : args) {
            if (a.startsWith("--runs=")) {
                runs = Integer.parseInt(a.substring(7));
            }
        }
        Path dir = Files.createTempDirectory("tutela-demo-bench");
        List<long[]> all = new ArrayList<>();
        try {
            for (int r = 0; r < runs; r++) {
                all.add(once(dir.resolve("demo-" + r + ".tutela")));
            }
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        String[] names = {"demo.create", "demo.create_lock", "demo.create_records", "demo.create_sealing", "demo.create_cpu",
            "demo.lock_tuning"};
        for (int i = 0; i < names.length; i++) {
            System.out.println(names[i] + "_first: " + all.get(0)[i] + " ms");
            List<Long> values = new ArrayList<>();
            for (long[] run : all) {
                values.add(run[i]);
            }
            Collections.sort(values);
            System.out.println(names[i] + ": " + values.get((values.size() - 1) / 2) + " ms");
        }
    }

    /** One vault created with the demo: {whole, lock, records, sealing, CPU, tuning ahead} in ms. */
    private static long[] once(Path file) throws InterruptedException {
        VaultSession session = new VaultSession(file, null);
        long[] marks = new long[3];
        long[] start = new long[1];
        long shown = System.nanoTime();
        CreateVaultViewModel model = new CreateVaultViewModel(session, TaskRunner.INLINE, () -> { });
        while (session.lockTunedAhead().isEmpty()) {
            Thread.sleep(5); // the tutor typing
        }
        long tuning = System.nanoTime() - shown;
        model.typed(PASSPHRASE, PASSPHRASE);
        model.tutor().nameProperty().set("Invented Benchmark Tutor");
        model.fillWithDemoProperty().set(true);
        model.progressTextProperty().addListener((o, was, now) -> {
            long t = System.nanoTime() - start[0];
            if (now.startsWith("Making up") && marks[0] == 0) {
                marks[0] = t;
            } else if (now.startsWith("Sealing") && marks[1] == 0) {
                marks[1] = t;
            } else if (now.startsWith("Done") && marks[2] == 0) {
                marks[2] = t;
            }
        });
        long cpu0 = ThisJvm.cpuNanos();
        start[0] = System.nanoTime();
        model.create(PASSPHRASE.toCharArray(), PASSPHRASE.toCharArray());
        long whole = System.nanoTime() - start[0];
        long cpu = ThisJvm.cpuNanos() - cpu0;
        if (marks[2] == 0 || !session.isUnlocked()) {
            throw new IllegalStateException("the demo vault was not created: " + model.errorProperty().get());
        }
        session.lock();
        return new long[] {ms(whole), ms(marks[0]), ms(marks[1] - marks[0]), ms(marks[2] - marks[1]), ms(cpu), ms(tuning)};
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }
}
