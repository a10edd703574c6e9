/**
 * The caseload in memory over the vault's record store: {@link org.tutela.app.records.Caseload}
 * (load, search as you type with filters, learner screen data, summary, saves through the store,
 * damaged records), the JSON form ({@link org.tutela.app.records.RecordJson},
 * {@link org.tutela.app.records.RecordKind}, the one list of kinds), the one typed door to the vault
 * for the stores above ({@link org.tutela.app.records.TypedStore}) and the invented demo caseload
 * ({@link org.tutela.app.records.DemoCaseload#fill(org.tutela.app.vault.RecordStore, long)}).
 */
package org.tutela.app.records;
