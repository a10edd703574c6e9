package org.tutela.app.records;

/**
 * The version of a record a screen opened ({@link Caseload#opened}). Saves from that screen are
 * checked against it: if the record changed meanwhile (a sync brought another laptop's change),
 * the tutor's version is saved and the one they never saw is kept beside it for them to choose,
 * never overwritten unseen. Each save from the screen moves it on.
 */
public final class OpenedVersion {
    private long revision;

    OpenedVersion(long revision) {
        this.revision = revision;
    }

    synchronized long revision() {
        return revision;
    }

    synchronized void advance(long saved) {
        revision = saved;
    }
}
