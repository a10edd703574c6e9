package org.tutela.app.print;

import java.util.Arrays;
import java.util.Locale;

/**
 * How printed forms look for this organisation: its name and logo in the header (both optional)
 * and the language of the form's labels.
 *
 * @param organisationName shown at the top of every form; null or blank for none
 * @param logo a PNG or JPEG image shown at the top right; null for none
 * @param locale the language of the labels ({@code org/tutela/app/print/form*.properties})
 */
public record PrintSettings(String organisationName, byte[] logo, Locale locale) {

    public static final PrintSettings DEFAULT = new PrintSettings(null, null, Locale.getDefault());

    public PrintSettings {
        organisationName = organisationName == null || organisationName.isBlank() ? null : organisationName.strip();
        locale = locale == null ? Locale.getDefault() : locale;
        if (logo != null) {
            if (!isPng(logo) && !isJpeg(logo)) {
                throw new IllegalArgumentException("The logo must be a PNG or JPEG image");
            }
            logo = logo.clone();
        }
    }

    public static PrintSettings of(String organisationName, byte[] logo) {
        return new PrintSettings(organisationName, logo, Locale.getDefault());
    }

    public PrintSettings withLocale(Locale l) {
        return new PrintSettings(organisationName, logo, l);
    }

    @Override
    public byte[] logo() {
        return logo == null ? null : logo.clone();
    }

    byte[] logoBytes() {
        return logo;
    }

    static boolean isPng(byte[] b) {
        return b.length > 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G';
    }

    static boolean isJpeg(byte[] b) {
        return b.length > 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8 && (b[2] & 0xff) == 0xFF;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PrintSettings p && java.util.Objects.equals(organisationName, p.organisationName)
                && Arrays.equals(logo, p.logo) && locale.equals(p.locale);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(organisationName, Arrays.hashCode(logo), locale);
    }

    @Override
    public String toString() {
        return "PrintSettings[" + organisationName + ", logo " + (logo == null ? "none" : logo.length + " bytes") + ", " + locale + "]";
    }
}
