-- The head-office console: people's names and contacts, console sessions and the audit trail.
-- Portable SQL: runs unchanged on SQLite and PostgreSQL.

-- A user's name as colleagues know it (the laptops greet the tutor with it), email and phone.
ALTER TABLE users ADD COLUMN display_name VARCHAR(200);
ALTER TABLE users ADD COLUMN email VARCHAR(254);
ALTER TABLE users ADD COLUMN phone VARCHAR(40);

-- A signed-in console session. The cookie holds a random token; only its SHA-256 is stored.
CREATE TABLE console_sessions (
    token_hash VARCHAR(64) PRIMARY KEY,
    user_id VARCHAR(36) NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL
);
CREATE INDEX console_sessions_user ON console_sessions (user_id);

-- Who changed what, when: every change made in the console or by an admin command, and every
-- change the console refused. Written in the same transaction as the change; never updated.
CREATE TABLE audit_events (
    id VARCHAR(36) PRIMARY KEY,
    at BIGINT NOT NULL,
    actor VARCHAR(100) NOT NULL,
    actor_role VARCHAR(32),
    via VARCHAR(16) NOT NULL,
    action VARCHAR(64) NOT NULL,
    target VARCHAR(200),
    detail TEXT,
    outcome VARCHAR(16) NOT NULL
);
CREATE INDEX audit_events_at ON audit_events (at, id);
