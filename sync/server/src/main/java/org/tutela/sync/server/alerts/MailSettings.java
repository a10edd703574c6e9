package org.tutela.sync.server.alerts;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.tutela.sync.server.UserDetails;
import org.tutela.sync.server.headoffice.Problem;

/**
 * The organisation's SMTP server and who is told when a safeguarding concern arrives.
 *
 * @param security how the connection is protected: STARTTLS (the usual, port 587), TLS from the
 *     start (port 465), or none (only for a relay inside the organisation's network, and then
 *     never with a password)
 * @param password the SMTP password, or null; held in memory only to send, sealed when stored
 * @param deputyAddress the deputy's address, or null
 * @param consoleAddress where the lead opens the console, such as {@code https://tutela.example.org:8443};
 *     the email's link starts with it
 */
public record MailSettings(String host, int port, Security security, String username, String password, String fromAddress,
                           String leadAddress, String deputyAddress, String consoleAddress) {

    public enum Security {
        STARTTLS, TLS, NONE;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Security parse(String s) {
            for (Security v : values()) {
                if (v.wire().equals(s)) {
                    return v;
                }
            }
            return null;
        }
    }

    public MailSettings {
        host = blankToNull(host);
        username = blankToNull(username);
        password = password == null || password.isEmpty() ? null : password;
        fromAddress = blankToNull(fromAddress);
        leadAddress = blankToNull(leadAddress);
        deputyAddress = blankToNull(deputyAddress);
        consoleAddress = blankToNull(consoleAddress);
        if (consoleAddress != null && consoleAddress.endsWith("/")) {
            consoleAddress = consoleAddress.substring(0, consoleAddress.length() - 1);
        }
    }

    /** The same settings with another password (null for none). */
    public MailSettings withPassword(String pw) {
        return new MailSettings(host, port, security, username, pw, fromAddress, leadAddress, deputyAddress, consoleAddress);
    }

    /** Every problem, by field (the console's form fields); empty when all is well. */
    public List<Problem> problems() {
        List<Problem> p = new ArrayList<>();
        if (host == null) {
            p.add(Problem.of("host", "alerts.host.required"));
        } else if (host.length() > 255 || !host.matches("[A-Za-z0-9.:\\[\\]-]+")) {
            p.add(Problem.of("host", "alerts.host.invalid"));
        }
        if (port < 1 || port > 65535) {
            p.add(Problem.of("port", "alerts.port.invalid"));
        }
        if (security == null) {
            p.add(Problem.of("security", "alerts.security.required"));
        }
        if (username != null && (username.length() > 255 || username.codePoints().anyMatch(Character::isISOControl))) {
            p.add(Problem.of("username", "alerts.username.invalid"));
        }
        if (password != null && security == Security.NONE) {
            p.add(Problem.of("security", "alerts.security.password"));
        }
        if (password != null && password.length() > 500) {
            p.add(Problem.of("password", "alerts.password.invalid"));
        }
        address(p, "fromAddress", fromAddress, true);
        address(p, "leadAddress", leadAddress, true);
        address(p, "deputyAddress", deputyAddress, false);
        if (consoleAddress == null) {
            p.add(Problem.of("consoleAddress", "alerts.consoleAddress.required"));
        } else if (!consoleAddressValid(consoleAddress)) {
            p.add(Problem.of("consoleAddress", "alerts.consoleAddress.invalid"));
        }
        return p;
    }

    private static void address(List<Problem> p, String field, String value, boolean required) {
        if (value == null) {
            if (required) {
                p.add(Problem.of(field, "alerts." + field + ".required"));
            }
        } else if (!UserDetails.isEmail(value)) {
            p.add(Problem.of(field, "alerts.address.invalid"));
        }
    }

    /** https://, a host, perhaps a port, and nothing else: the link adds the console's own path. */
    private static boolean consoleAddressValid(String s) {
        if (s.length() > 300) {
            return false;
        }
        try {
            URI u = new URI(s);
            return "https".equals(u.getScheme()) && u.getHost() != null && (u.getRawPath() == null || u.getRawPath().isEmpty())
                    && u.getRawQuery() == null && u.getRawFragment() == null && u.getRawUserInfo() == null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    @Override
    public String toString() {
        // never the password
        return "MailSettings[" + host + ":" + port + " " + security + "]";
    }
}
