package org.tutela.app.syncclient;

/**
 * What enrolling this laptop gave: the account it now syncs with, and the tutor's name as head
 * office knows it (null when head office did not send one), for the app to use as the tutor's name.
 */
public record Enrolment(SyncAccount account, String tutorName) {
}
