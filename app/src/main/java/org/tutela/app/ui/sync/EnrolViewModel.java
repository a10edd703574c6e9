package org.tutela.app.ui.sync;

import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.tutela.app.syncclient.SyncClient;
import org.tutela.app.syncclient.SyncException;
import org.tutela.app.ui.common.Messages;
import org.tutela.app.ui.common.TaskRunner;

/**
 * Connect this laptop to head office once: address, certificate fingerprint, the tutor's account.
 * The account password is not kept here: the view reports whether one is typed and hands over a
 * copy to enrol with, wiped once sent.
 */
public final class EnrolViewModel {
    private final Supplier<SyncClient> client;
    private final TaskRunner runner;
    private final StringProperty serverUrl = new SimpleStringProperty("https://");
    private final StringProperty fingerprint = new SimpleStringProperty("");
    private final StringProperty username = new SimpleStringProperty("");
    private final BooleanProperty passwordTyped = new SimpleBooleanProperty(false);
    private final StringProperty deviceName = new SimpleStringProperty(defaultDeviceName());
    private final StringProperty error = new SimpleStringProperty("");
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private final BooleanProperty done = new SimpleBooleanProperty(false);
    private final BooleanBinding canEnrol;

    public EnrolViewModel(Supplier<SyncClient> client, TaskRunner runner) {
        this.client = client;
        this.runner = runner;
        canEnrol = Bindings.createBooleanBinding(() -> serverUrl.get().trim().length() > "https://".length()
                        && fingerprint.get().replaceAll("[^0-9A-Fa-f]", "").length() == 64
                        && !username.get().isBlank() && passwordTyped.get() && !busy.get() && !done.get(),
                serverUrl, fingerprint, username, passwordTyped, busy, done);
    }

    private static String defaultDeviceName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "Laptop";
        }
    }

    /** What the password box holds now (only whether it is empty is looked at). */
    public void passwordTyped(CharSequence password) {
        passwordTyped.set(password.length() > 0);
    }

    /** Enrols with a copy of the password (the view has cleared its box); the copy is wiped here. */
    public void enrol(char[] password) {
        boolean ready = serverUrl.get().trim().length() > "https://".length() && !username.get().isBlank()
                && password.length > 0 && !busy.get() && !done.get();
        if (!ready) {
            org.tutela.app.ui.common.Secrets.wipe(password);
            return;
        }
        char[] secret = password;
        busy.set(true);
        error.set("");
        runner.run(() -> {
            try {
                return client.get().enrol(serverUrl.get(), fingerprint.get(), username.get().trim(), secret, deviceName.get());
            } finally {
                java.util.Arrays.fill(secret, '\0');
            }
        }, account -> {
            busy.set(false);
            done.set(true);
        }, failure -> {
            busy.set(false);
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

    public StringProperty deviceNameProperty() {
        return deviceName;
    }

    public StringProperty errorProperty() {
        return error;
    }

    public BooleanProperty busyProperty() {
        return busy;
    }

    public BooleanProperty doneProperty() {
        return done;
    }

    public BooleanBinding canEnrolProperty() {
        return canEnrol;
    }
}
