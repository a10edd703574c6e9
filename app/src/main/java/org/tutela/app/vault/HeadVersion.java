package org.tutela.app.vault;

/**
 * The head-office version a record's local content is based on: head office's revision number
 * and the hash of that version's content ({@code org.tutela.crypto.ContentHash}). A
 * change sent to head office names it, so a change is never applied over a version the tutor
 * never saw. {@link #NONE}: head office has no version of the record (it is new).
 *
 * @param hash null only when the revision is 0, or for a record written before head versions were
 *     kept whose content has changed here since (its base is then unknown, and sending it is a conflict)
 */
public record HeadVersion(long revision, String hash) {
    public static final HeadVersion NONE = new HeadVersion(0, null);

    public HeadVersion {
        if (revision < 0) {
            throw new IllegalArgumentException("A head-office revision is 0 or more");
        }
    }

    public boolean exists() {
        return revision > 0;
    }
}
