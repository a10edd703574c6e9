package org.tutela.app.records;

/**
 * The organisation's settings as this laptop keeps them itself (record kind
 * {@code organisation-settings}, one record, never sent): in force while head office has sent no
 * organisation record. Fields added later (name, logo) are absent from older records.
 *
 * @param urgentSyncThresholdMinutes the time allowed for an urgent concern to reach the lead; 0 or less: the default
 */
public record LaptopOrganisationSettings(String leadPublicKey, String dslPhone, long urgentSyncThresholdMinutes,
                                         String organisationName, byte[] logo) {
}
