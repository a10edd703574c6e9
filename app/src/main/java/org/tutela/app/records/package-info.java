/**
 * The caseload in memory over the vault's record store: {@link org.tutela.app.records.Caseload}
 * (what the screens read: search as you type with filters, learner screen data, summary, damaged
 * records) and its parts that change it ({@link org.tutela.app.records.TutorialWrites},
 * {@link org.tutela.app.records.LearnerWrites}, {@link org.tutela.app.records.BulkWrites},
 * {@link org.tutela.app.records.IncomingChanges}), the JSON form
 * ({@link org.tutela.app.records.RecordJson}, {@link org.tutela.app.records.RecordKind}, the one list of kinds), the one typed door to the vault
 * for the stores above ({@link org.tutela.app.records.TypedStore}). The
 * invented demo caseload and the warm-up are in {@code org.tutela.app.records.demo}.
 */
package org.tutela.app.records;
