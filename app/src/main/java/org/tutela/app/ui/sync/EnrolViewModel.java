package org.tutela.app.ui.sync;

import org.tutela.app.ui.common.Failures;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.security.cert.CertificateException;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javax.net.ssl.SSLException;
import org.tutela.app.syncclient.Enrolment;
import org.tutela.app.syncclient.SyncException;
import org.tutela.app.ui.common.Messages;
import org.tutela.app.ui.common.TaskRunner;

/**
 * Connect this laptop to head office once: address, certificate fingerprint, the tutor's account.
 * Each box says at once what is wrong with it; a failed connection says whether the address, the
 * certificate, the account or the network is at fault, beside the box to correct, and everything
 * typed stays but the password. The password is not kept here: the view reports whether one is
 * typed and, once every box is right, hands over a copy to enrol with (clearing its box), wiped
 * once sent.
 */
public final class EnrolViewModel {
    /** How this laptop enrols (the sync client's {@code enrol}; a stand-in in tests). */
    @FunctionalInterface
    public interface Enroller {
        Enrolment enrol(String serverUrl, String fingerprint, String username, char[] password, String deviceName);
    }

    private static final String HTTPS = "https://";

    private final Enroller enroller;
    private final Consumer<String> onTutorName;
    private final TaskRunner runner;
    private final StringProperty tutorName = new SimpleStringProperty("");
    private final StringProperty serverUrl = new SimpleStringProperty(HTTPS);
    private final StringProperty fingerprint = new SimpleStringProperty("");
    private final StringProperty username = new SimpleStringProperty("");
    private final BooleanProperty passwordTyped = new SimpleBooleanProperty(false);
    private final StringProperty deviceName = new SimpleStringProperty(defaultDeviceName());
    private final ReadOnlyStringWrapper urlProblem = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper fingerprintProblem = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper usernameProblem = new ReadOnlyStringWrapper("");
    /** What is wrong with the password box, in words (empty, or the account head office refused); never the password. */
    private final ReadOnlyStringWrapper accountProblem = new ReadOnlyStringWrapper("");
    /** What head office's answer (or its absence) said, for a box: kept until that box is changed. */
    private String urlFault = "";
    private String fingerprintFault = "";
    private String accountFault = "";
    private final StringProperty error = new SimpleStringProperty("");
    private final BooleanProperty showProblems = new SimpleBooleanProperty(false);
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private final BooleanProperty done = new SimpleBooleanProperty(false);
    private final BooleanBinding canEnrol;

    /** @param onTutorName given the tutor's name when head office sends it at enrolment */
    public EnrolViewModel(Enroller enroller, TaskRunner runner, Consumer<String> onTutorName) {
        this.enroller = enroller;
        this.onTutorName = onTutorName;
        this.runner = runner;
        serverUrl.addListener((obs, was, now) -> {
            urlFault = "";
            check();
        });
        fingerprint.addListener((obs, was, now) -> {
            fingerprintFault = "";
            check();
        });
        username.addListener((obs, was, now) -> {
            accountFault = "";
            check();
        });
        passwordTyped.addListener((obs, was, now) -> check());
        check();
        canEnrol = Bindings.createBooleanBinding(() -> urlProblem.get().isEmpty() && fingerprintProblem.get().isEmpty()
                        && usernameProblem.get().isEmpty() && accountProblem.get().isEmpty() && !busy.get() && !done.get(),
                urlProblem, fingerprintProblem, usernameProblem, accountProblem, busy, done);
    }

    private static String defaultDeviceName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "Laptop";
        }
    }

    /** Every box's problem, from what is typed and from the last try. */
    private void check() {
        urlProblem.set(!urlFault.isEmpty() ? urlFault : addressProblem(serverUrl.get()));
        fingerprintProblem.set(!fingerprintFault.isEmpty() ? fingerprintFault : fingerprintProblem(fingerprint.get()));
        usernameProblem.set(username.get().isBlank() ? Messages.get("enrol.usernameMissing") : "");
        accountProblem.set(!accountFault.isEmpty() ? accountFault
                : !passwordTyped.get() ? Messages.get("enrol.passwordMissing") : "");
    }

    static String addressProblem(String typed) {
        String s = typed == null ? "" : typed.strip();
        if (s.isEmpty() || s.equalsIgnoreCase(HTTPS)) {
            return Messages.get("enrol.urlMissing");
        }
        try {
            URI uri = new URI(s);
            if (!"https".equalsIgnoreCase(uri.getScheme())) {
                return Messages.get("enrol.urlNotHttps");
            }
            if (uri.getHost() == null || uri.getHost().isBlank()) {
                return Messages.get("enrol.urlBad");
            }
            return "";
        } catch (java.net.URISyntaxException e) {
            return Messages.get("enrol.urlBad");
        }
    }

    static String fingerprintProblem(String typed) {
        String s = typed == null ? "" : typed.strip();
        if (s.isEmpty()) {
            return Messages.get("enrol.fingerprintMissing");
        }
        if (!s.matches("[0-9A-Fa-f:\\s-]+")) {
            return Messages.get("enrol.fingerprintLetters");
        }
        int digits = s.replaceAll("[^0-9A-Fa-f]", "").length();
        return digits == 64 ? "" : Messages.get("enrol.fingerprintLength", digits);
    }

    /** What the password box holds now (only whether it is empty is looked at). */
    public void passwordTyped(CharSequence password) {
        if (password.length() > 0) {
            accountFault = ""; // typed again after a wrong one
        }
        passwordTyped.set(password.length() > 0);
        check();
    }

    /**
     * Whether Connect may go ahead; if not, every box's problem shows beside it (and the view keeps
     * what is typed, the password too).
     */
    public boolean readyToEnrol() {
        if (!canEnrol.get()) {
            showProblems.set(true);
        }
        return canEnrol.get();
    }

    /** Connects with a copy of the password (the view has cleared its box); the copy is wiped here. */
    public void enrol(char[] secret) {
        // the password is checked on the copy: the view has cleared its box
        boolean ready = urlProblem.get().isEmpty() && fingerprintProblem.get().isEmpty() && usernameProblem.get().isEmpty()
                && secret.length > 0;
        if (!ready) {
            showProblems.set(true);
        }
        if (busy.get() || done.get() || !ready) {
            java.util.Arrays.fill(secret, '\0');
            return;
        }
        passwordTyped.set(false); // the view cleared its box
        busy.set(true);
        error.set("");
        runner.run(() -> {
            try {
                return enroller.enrol(serverUrl.get().strip(), fingerprint.get(), username.get().trim(), secret, deviceName.get());
            } finally {
                java.util.Arrays.fill(secret, '\0');
            }
        }, enrolment -> {
            busy.set(false);
            if (enrolment.tutorName() != null && !enrolment.tutorName().isBlank()) {
                tutorName.set(enrolment.tutorName().strip());
                onTutorName.accept(tutorName.get());
            }
            done.set(true);
        }, failure -> {
            busy.set(false);
            showProblems.set(true);
            explain(failure);
            check();
        });
    }

    /** Says which is at fault - the address, the certificate, the account or the network - beside what to correct. */
    private void explain(Throwable failure) {
        String host = hostOf(serverUrl.get());
        if (!(failure instanceof SyncException e)) {
            error.set(failure instanceof IllegalArgumentException ? Messages.get("enrol.urlBad")
                    : Failures.text(failure));
            return;
        }
        switch (e.reason()) {
            case UNTRUSTED_SERVER -> {
                if (hasCause(e, CertificateException.class)) {
                    fingerprintFault = Messages.get("enrol.fault.certificate", host);
                } else {
                    urlFault = Messages.get("enrol.fault.notHttps", host);
                }
            }
            case OFFLINE -> {
                if (hasCause(e, UnknownHostException.class) || hasCause(e, UnresolvedAddressException.class)) {
                    urlFault = Messages.get("enrol.fault.unknownHost", host);
                } else if (hasCause(e, HttpTimeoutException.class) || hasCause(e, java.net.NoRouteToHostException.class)) {
                    error.set(Messages.get("enrol.fault.network", host));
                } else if (hasCause(e, ConnectException.class)) {
                    urlFault = Messages.get("enrol.fault.nothingThere", host);
                } else if (hasCause(e, SSLException.class)) {
                    urlFault = Messages.get("enrol.fault.notHttps", host);
                } else {
                    error.set(Messages.get("enrol.fault.network", host));
                }
            }
            case BAD_CREDENTIALS -> {
                accountFault = Messages.get("enrol.fault.account");
            }
            default -> error.set(Messages.get("sync.reason." + e.reason().name(), e.shown().toArray()));
        }
    }

    private static String hostOf(String url) {
        try {
            URI uri = new URI(url.strip());
            return uri.getHost() == null ? url.strip() : uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return url.strip();
        }
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    public StringProperty serverUrlProperty() {
        return serverUrl;
    }

    public StringProperty fingerprintProperty() {
        return fingerprint;
    }

    public StringProperty usernameProperty() {
        return username;
    }

    public StringProperty deviceNameProperty() {
        return deviceName;
    }

    public ReadOnlyStringProperty urlProblemProperty() {
        return urlProblem.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty fingerprintProblemProperty() {
        return fingerprintProblem.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty usernameProblemProperty() {
        return usernameProblem.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty passwordProblemProperty() {
        return accountProblem.getReadOnlyProperty();
    }

    /** A problem that is no box's: the network. */
    public StringProperty errorProperty() {
        return error;
    }

    /** Set once Connect was pressed: every box's problem shows. */
    public BooleanProperty showProblemsProperty() {
        return showProblems;
    }

    public BooleanProperty busyProperty() {
        return busy;
    }

    /** The tutor's name as head office sent it at enrolment ("" when it sent none). */
    public StringProperty tutorNameProperty() {
        return tutorName;
    }

    public BooleanProperty doneProperty() {
        return done;
    }

    public BooleanBinding canEnrolProperty() {
        return canEnrol;
    }
}
