package org.tutela.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The vault benchmark runs at tiny sizes and prints every figure as {@code name: value unit}. */
class VaultBenchSmokeTest {
    private static final Pattern FIGURE = Pattern.compile("[a-z0-9_.]+: -?[0-9]+(\\.[0-9]+)? [A-Za-z]+");

    @Test
    void printsEveryFigureInTheAgreedFormat() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            VaultBench.main(new String[] {"--smoke"});
        } finally {
            System.setOut(original);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        original.print(output);
        List<String> figures = Arrays.stream(output.split("\\R")).filter(FIGURE.asMatchPredicate()).toList();
        for (String name : List.of("vault.argon2id_unlock", "vault.open_and_decrypt_", "vault.decrypt_", "plain.read_",
                "vault.save_p50", "vault.save_p99", "plain.save_p50", "plain.save_p99",
                "ratio.save_p50_encrypted_to_plain", "ratio.read_")) {
            assertTrue(figures.stream().anyMatch(f -> f.startsWith(name)), "printed " + name + " in:\n" + output);
        }
        assertTrue(figures.size() >= 17, output);
    }
}
