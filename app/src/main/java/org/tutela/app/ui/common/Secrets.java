package org.tutela.app.ui.common;

import java.util.Arrays;
import javafx.scene.control.TextField;

/**
 * Passphrases and passwords as the screens handle them. A {@code PasswordField} keeps what is
 * typed in JavaFX's own text buffer (as a {@code String}, which Java cannot wipe); Tutela makes no
 * copy of it that lives on: view models see the characters only while checking them (strength,
 * match, "is anything typed") and keep no property of them; when the button is pressed the view
 * copies the characters into a {@code char[]} and clears the field at once, and the view model
 * wipes the array as soon as the work with it is done.
 */
public final class Secrets {
    private Secrets() {
    }

    /** The field's characters in a new array, and the field cleared. The caller wipes the array. */
    public static char[] take(TextField field) {
        CharSequence typed = field.getCharacters();
        char[] chars = new char[typed.length()];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = typed.charAt(i);
        }
        field.clear();
        return chars;
    }

    /** Runs {@code changed} after every change to any of the fields (to check strength and match). */
    public static void onChange(Runnable changed, TextField... fields) {
        for (TextField f : fields) {
            f.textProperty().addListener((obs, was, now) -> changed.run());
        }
    }

    /** True if both hold the same characters. */
    public static boolean same(CharSequence a, CharSequence b) {
        return CharSequence.compare(a, b) == 0;
    }

    /** Overwrites each array with zeros. */
    public static void wipe(char[]... arrays) {
        for (char[] a : arrays) {
            if (a != null) {
                Arrays.fill(a, '\0');
            }
        }
    }
}
