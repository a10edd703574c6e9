package org.tutela.sync.server;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.openqa.selenium.By;
import org.tutela.sync.server.secondfactor.Totp;

/**
 * A test's authenticator app: the TOTP secrets it was given at enrolment, by username, and the
 * codes it shows (computed here with the server's own {@link Totp}, the RFC 6238 algorithm that
 * {@code TotpTest} checks against the RFC's vectors). The server accepts each 30-second step's
 * code once, so when this app has used the present step's code it offers the next step's (one
 * step ahead is allowed for a phone's clock), and moves the test's clock on when that is used too.
 */
final class Authenticator {
    private final MovableClock clock;
    private final Map<String, byte[]> secrets = new HashMap<>();
    private final Map<String, Long> lastStep = new HashMap<>();

    Authenticator(MovableClock clock) {
        this.clock = clock;
    }

    /** Adds an account from the key the enrolment page shows (base32, in groups of four). */
    void add(String username, String shownKey) {
        secrets.put(username, Totp.fromBase32(shownKey));
        lastStep.remove(username);
    }

    boolean has(String username) {
        return secrets.containsKey(username);
    }

    void forget(String username) {
        secrets.remove(username);
        lastStep.remove(username);
    }

    /** A code the server has not accepted from this app yet. */
    String code(String username) {
        byte[] secret = secrets.get(username);
        if (secret == null) {
            throw new AssertionError("The test's authenticator has no account " + username);
        }
        long now = Totp.step(clock.millis());
        long step = Math.max(now, lastStep.getOrDefault(username, Long.MIN_VALUE) + 1);
        if (step > now + 1) {
            clock.advance(Duration.ofSeconds(Totp.PERIOD_SECONDS));
            now = Totp.step(clock.millis());
            step = Math.max(now, lastStep.get(username) + 1);
        }
        lastStep.put(username, step);
        return Totp.code(secret, step);
    }

    /** The code of the present step, whether or not it was used (to try a replay). */
    String presentCode(String username) {
        return Totp.code(secrets.get(username), Totp.step(clock.millis()));
    }

    /** Six digits that are no code the server could take now (the steps around the present one). */
    String wrongCode(String username) {
        byte[] secret = secrets.get(username);
        long now = Totp.step(clock.millis());
        java.util.Set<String> near = new java.util.HashSet<>();
        for (long s = now - 2; s <= now + 2; s++) {
            near.add(Totp.code(secret, s));
        }
        for (int n = 0; ; n++) {
            String candidate = String.format("%06d", (n * 142_857) % 1_000_000);
            if (!near.contains(candidate)) {
                return candidate;
            }
        }
    }

    /** The code this app showed last (to try it again). */
    String lastCode(String username) {
        return Totp.code(secrets.get(username), lastStep.get(username));
    }

    /**
     * Completes the second factor in the browser if the console asks for it after the password:
     * enrols (keeping the key the page shows, then past the recovery codes) or types a code.
     */
    void passInBrowser(ConsoleBrowser browser, String username) {
        String path = browser.path();
        if (path.startsWith("/console/second-factor/enrol")) {
            add(username, browser.driver.findElement(By.id("secret")).getText());
            browser.type("The 6 digits your app shows", code(username));
            browser.press("Turn on the second factor");
            browser.follow("I have kept them: continue");
        } else if (path.startsWith("/console/second-factor")) {
            browser.type("Code", code(username));
            browser.press("Continue");
        }
    }
}
