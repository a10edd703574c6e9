-- The console's second factor (TOTP with recovery codes) and the email alerts of new
-- safeguarding concerns. Portable SQL: runs unchanged on SQLite and PostgreSQL.

-- A user's TOTP secret, sealed with AES-256-GCM under the key in <data-dir>/secrets (never in
-- clear here). enrolled_at stays null until the user has typed a first code from their app;
-- last_step is the last 30-second step whose code was accepted, so that no code works twice.
CREATE TABLE second_factors (
    user_id VARCHAR(36) PRIMARY KEY REFERENCES users (id),
    secret_sealed VARCHAR(200) NOT NULL,
    created_at BIGINT NOT NULL,
    enrolled_at BIGINT,
    last_step BIGINT NOT NULL DEFAULT 0
);

-- One-time recovery codes: only a keyed hash (HMAC-SHA-256 under a key derived from the same
-- secrets key) of each; used_at is set when one is used.
CREATE TABLE recovery_codes (
    user_id VARCHAR(36) NOT NULL REFERENCES users (id),
    code_hash VARCHAR(64) NOT NULL,
    created_at BIGINT NOT NULL,
    used_at BIGINT,
    PRIMARY KEY (user_id, code_hash)
);

-- When the session passed the second factor (null: not yet, or the role needs none).
ALTER TABLE console_sessions ADD COLUMN second_factor_at BIGINT;

-- The organisation's SMTP server and who is told of a new safeguarding concern. One row (id 1).
-- The password is sealed like the TOTP secrets.
CREATE TABLE mail_settings (
    id INTEGER PRIMARY KEY,
    host VARCHAR(255) NOT NULL,
    port INTEGER NOT NULL,
    security VARCHAR(16) NOT NULL,
    username VARCHAR(255),
    password_sealed VARCHAR(1000),
    from_address VARCHAR(254) NOT NULL,
    lead_address VARCHAR(254) NOT NULL,
    deputy_address VARCHAR(254),
    console_address VARCHAR(300) NOT NULL,
    updated_at BIGINT NOT NULL
);

-- How far the alert sender has followed the change sequence (one row, id 1).
CREATE TABLE alert_state (
    id INTEGER PRIMARY KEY,
    followed_seq BIGINT NOT NULL
);

-- Safeguarding concerns the alert sender has noticed: each is alerted once, whatever later
-- changes (or resequencing) bring it past the sender again.
CREATE TABLE concern_alerts (
    record_id VARCHAR(36) PRIMARY KEY,
    noticed_at BIGINT NOT NULL
);

-- One email to send: to the lead or the deputy (their address is read from mail_settings when
-- it is sent, never stored here), with its attempts and when to try next.
CREATE TABLE alert_outbox (
    id VARCHAR(36) PRIMARY KEY,
    record_id VARCHAR(36) NOT NULL,
    recipient VARCHAR(16) NOT NULL,
    noticed_at BIGINT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    sent_at BIGINT,
    last_failure VARCHAR(40),
    last_failure_at BIGINT
);
CREATE INDEX alert_outbox_due ON alert_outbox (sent_at, next_attempt_at);
