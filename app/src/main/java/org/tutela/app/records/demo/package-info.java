/**
 * Invented caseloads: {@link org.tutela.app.records.demo.DemoCaseload} (the demo vault, the
 * benchmarks, the tests) and {@link org.tutela.app.records.demo.CaseloadWarmUp}, which reads a
 * small one while the lock screen waits. Every name in them is invented.
 */
package org.tutela.app.records.demo;
