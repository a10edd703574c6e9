/**
 * The caseload in memory over the vault's record store: {@link org.tutela.app.records.Caseload}
 * (load, search as you type with filters, learner screen data, summary, saves through the store,
 * damaged records), the JSON form ({@link org.tutela.app.records.RecordJson},
 * {@link org.tutela.app.records.RecordKinds}) and the invented demo caseload
 * ({@link org.tutela.app.records.demo.DemoCaseload#fill(org.tutela.app.vault.RecordStore, long)}).
 */
package org.tutela.app.records;
