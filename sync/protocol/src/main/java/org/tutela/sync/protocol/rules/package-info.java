/**
 * Rules the laptop and head office apply alike (the ULN's check digit): plain Java, no
 * dependency, so that the app's domain may use them.
 */
package org.tutela.sync.protocol.rules;
