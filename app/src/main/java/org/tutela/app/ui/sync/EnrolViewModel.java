package org.tutela.app.ui.sync;

import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.tutela.app.syncclient.Enrolment;
import org.tutela.app.syncclient.SyncException;
import org.tutela.app.ui.common.Messages;
import org.tutela.app.ui.common.TaskRunner;

/** Connect this laptop to head office once: address, certificate fingerprint, the tutor's account. */
public final class EnrolViewModel {
    /** How this laptop enrols (the sync client's {@code enrol}; a stand-in in tests). */
    @FunctionalInterface
    public interface Enroller {
        Enrolment enrol(String serverUrl, String fingerprint, String username, char[] password, String deviceName);
    }

    private final Enroller enroller;
    private final Consumer<String> onTutorName;
    private final StringProperty tutorName = new SimpleStringProperty("");
    private final TaskRunner runner;
    private final StringProperty serverUrl = new SimpleStringProperty("https://");
    private final StringProperty fingerprint = new SimpleStringProperty("");
    private final StringProperty username = new SimpleStringProperty("");
    private final StringProperty password = new SimpleStringProperty("");
    private final StringProperty deviceName = new SimpleStringProperty(defaultDeviceName());
    private final StringProperty error = new SimpleStringProperty("");
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private final BooleanProperty done = new SimpleBooleanProperty(false);
    private final BooleanBinding canEnrol;

    /** @param onTutorName given the tutor's name when head office sends it at enrolment */
    public EnrolViewModel(Enroller enroller, TaskRunner runner, Consumer<String> onTutorName) {
        this.enroller = enroller;
        this.onTutorName = onTutorName;
        this.runner = runner;
        canEnrol = Bindings.createBooleanBinding(() -> serverUrl.get().trim().length() > "https://".length()
                        && fingerprint.get().replaceAll("[^0-9A-Fa-f]", "").length() == 64
                        && !username.get().isBlank() && !password.get().isEmpty() && !busy.get() && !done.get(),
                serverUrl, fingerprint, username, password, busy, done);
    }

    private static String defaultDeviceName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "Laptop";
        }
    }

    public void enrol() {
        if (!canEnrol.get()) {
            return;
        }
        char[] secret = password.get().toCharArray();
        busy.set(true);
        error.set("");
        runner.run(() -> {
            try {
                return enroller.enrol(serverUrl.get(), fingerprint.get(), username.get().trim(), secret, deviceName.get());
            } finally {
                java.util.Arrays.fill(secret, '\0');
            }
        }, enrolment -> {
            busy.set(false);
            password.set("");
            if (enrolment.tutorName() != null && !enrolment.tutorName().isBlank()) {
                tutorName.set(enrolment.tutorName().strip());
                onTutorName.accept(tutorName.get());
            }
            done.set(true);
        }, failure -> {
            busy.set(false);
            password.set("");
            if (failure instanceof SyncException e) {
                error.set(Messages.get("sync.reason." + e.reason().name(), e.detail() == null ? "" : e.detail()));
            } else if (failure instanceof IllegalArgumentException e) {
                error.set(e.getMessage());
            } else {
                error.set(Messages.get("error.unexpected", failure.getClass().getSimpleName()));
            }
        });
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

    public StringProperty passwordProperty() {
        return password;
    }

    public StringProperty deviceNameProperty() {
        return deviceName;
    }

    public StringProperty errorProperty() {
        return error;
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
