-- Portable SQL: runs unchanged on SQLite and PostgreSQL. UUIDs as text, times as epoch millis.
CREATE TABLE server_state (
    id INTEGER PRIMARY KEY,
    epoch VARCHAR(64) NOT NULL,
    last_seq BIGINT NOT NULL
);

CREATE TABLE users (
    id VARCHAR(36) PRIMARY KEY,
    username VARCHAR(100) NOT NULL UNIQUE,
    role VARCHAR(32) NOT NULL,
    password_hash VARCHAR(255) NOT NULL,
    disabled BOOLEAN NOT NULL DEFAULT FALSE,
    created_at BIGINT NOT NULL
);

CREATE TABLE caseload (
    tutor_id VARCHAR(36) NOT NULL REFERENCES users (id),
    scope_type VARCHAR(16) NOT NULL,
    scope_id VARCHAR(36) NOT NULL,
    assigned_at BIGINT NOT NULL,
    PRIMARY KEY (tutor_id, scope_type, scope_id)
);
CREATE INDEX caseload_scope ON caseload (scope_type, scope_id);

CREATE TABLE devices (
    id VARCHAR(36) PRIMARY KEY,
    user_id VARCHAR(36) NOT NULL REFERENCES users (id),
    name VARCHAR(100),
    token_hash VARCHAR(64) NOT NULL UNIQUE,
    enrolled_at BIGINT NOT NULL,
    revoked_at BIGINT,
    acked_seq BIGINT NOT NULL DEFAULT 0,
    entries_received BIGINT NOT NULL DEFAULT 0,
    last_push_at BIGINT,
    last_pull_at BIGINT,
    last_pull_cursor BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX devices_user ON devices (user_id);

CREATE TABLE records (
    record_id VARCHAR(36) PRIMARY KEY,
    kind VARCHAR(40) NOT NULL,
    revision BIGINT NOT NULL,
    updated_at VARCHAR(40) NOT NULL,
    deleted BOOLEAN NOT NULL,
    sealed BOOLEAN NOT NULL,
    learner_id VARCHAR(36),
    group_id VARCHAR(36),
    schema_version INTEGER NOT NULL,
    server_seq BIGINT NOT NULL,
    origin_device_id VARCHAR(36),
    payload TEXT
);
CREATE UNIQUE INDEX records_seq ON records (server_seq);
CREATE INDEX records_learner ON records (learner_id);
CREATE INDEX records_group ON records (group_id);

CREATE TABLE receipts (
    device_id VARCHAR(36) NOT NULL,
    device_seq BIGINT NOT NULL,
    record_id VARCHAR(36) NOT NULL,
    status VARCHAR(16) NOT NULL,
    server_seq BIGINT,
    code VARCHAR(40),
    reason VARCHAR(300),
    http_status INTEGER,
    received_at BIGINT NOT NULL,
    PRIMARY KEY (device_id, device_seq)
);
