/**
 * The tutor's records and rules, in plain Java (no JavaFX, no vault, no JSON library).
 *
 * <ul>
 * <li>Records: {@link org.tutela.app.domain.Learner} (with {@link org.tutela.app.domain.Uln},
 * {@link org.tutela.app.domain.Contact}, flags, status), {@link org.tutela.app.domain.Group},
 * {@link org.tutela.app.domain.Tutorial} (a {@link org.tutela.app.domain.TutorialPlan}, the pro forma
 * {@link org.tutela.app.domain.TutorialForm}, a {@link org.tutela.app.domain.FrozenSnapshot},
 * {@link org.tutela.app.domain.Signature}s and {@link org.tutela.app.domain.Amendment}s),
 * {@link org.tutela.app.domain.Target}, {@link org.tutela.app.domain.Concern},
 * {@link org.tutela.app.domain.SignpostingService}.</li>
 * <li>Rules: {@link org.tutela.app.domain.ReviewDue} (next review due, due soon, overdue),
 * {@link org.tutela.app.domain.Notice} (tell the learner a week ahead; at once when arrangements
 * change), {@link org.tutela.app.domain.EntitlementTally} (per academic year, 1 Aug to 31 Jul),
 * {@link org.tutela.app.domain.TargetCarryForward}, the signing lock and amendments on
 * {@link org.tutela.app.domain.Tutorial}, {@link org.tutela.app.domain.CaseloadSummary}.</li>
 * </ul>
 */
package org.tutela.app.domain;
