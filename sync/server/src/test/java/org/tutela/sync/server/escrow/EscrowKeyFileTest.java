package org.tutela.sync.server.escrow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tutela.sync.protocol.sealed.EscrowKeys;
import org.tutela.sync.protocol.sealed.Sealing;

/**
 * A safeguarding lead's key file written by an earlier server tool (the fixture was made by the
 * code as it stood before the one crypto module, at the floor parameters) still opens with its
 * passphrase, and its key still opens the envelope sealed to it then.
 */
class EscrowKeyFileTest {
    /** "safeguarding lead ŵ passphrase 9". */
    static final String PASSPHRASE = "safeguarding lead \u0175 passphrase 9";
    static final String PUBLIC_KEY = "2f1NnOxarO8kEhxDhuZBb6yrAOKO1Lb7QaDqDLP5lSg=";

    @TempDir
    Path dir;

    private Path copy(String name) throws IOException {
        Path file = dir.resolve(name);
        try (InputStream in = EscrowKeyFileTest.class.getResourceAsStream("fixtures/" + name)) {
            Files.copy(in, file);
        }
        return file;
    }

    @Test
    void aKeyFileWrittenBeforeTheCryptoModuleOpensAndOpensItsEnvelope() throws IOException {
        byte[] privateKey = EscrowKeyFile.read(copy("escrow-before-crypto-module.key"), PASSPHRASE.toCharArray());
        assertArrayEquals(Base64.getDecoder().decode(PUBLIC_KEY), EscrowKeys.publicKeyOf(privateKey));
        byte[] envelope = Files.readAllBytes(copy("envelope-before-crypto-module.sealed"));
        byte[] content = Sealing.openWithEscrowKey(Sealing.fromJson(envelope), privateKey);
        assertEquals("{\"notes\":\"Quorvendel sealed canary\"}", new String(content, StandardCharsets.UTF_8));
    }

    @Test
    void theEarlierKeyFileRefusesAnotherPassphrase() throws IOException {
        Path file = copy("escrow-before-crypto-module.key");
        assertThrows(EscrowKeyFile.WrongPassphraseException.class,
                () -> EscrowKeyFile.read(file, "safeguarding lead w passphrase 9".toCharArray()));
    }
}
