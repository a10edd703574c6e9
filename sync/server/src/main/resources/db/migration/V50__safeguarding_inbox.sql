-- The safeguarding lead's inbox. Portable SQL: runs unchanged on SQLite and PostgreSQL.

-- When each concern first reached head office (server time), and when the laptop last changed it
-- before that (the laptop's time, as it sent it): written in the push transaction that stored it.
CREATE TABLE concern_arrivals (
    record_id VARCHAR(36) PRIMARY KEY,
    received_at BIGINT NOT NULL,
    raised_at VARCHAR(40) NOT NULL
);

-- The lead's case for a concern: acknowledged, closed, and the id of the head-office record
-- (kind concern-response) that tells the tutor's laptops it was seen and what to do.
CREATE TABLE safeguarding_cases (
    concern_id VARCHAR(36) PRIMARY KEY,
    response_id VARCHAR(36) NOT NULL,
    acknowledged_at BIGINT,
    acknowledged_by VARCHAR(100),
    closed_at BIGINT,
    closed_by VARCHAR(100)
);

-- What the lead recorded on a case, in order: an action, an external referral (with the agency),
-- the outcome, or a follow-up action given to the tutor (a task, whose id the laptop's task-done
-- record carries back). Never updated or deleted.
CREATE TABLE safeguarding_entries (
    id VARCHAR(36) PRIMARY KEY,
    concern_id VARCHAR(36) NOT NULL,
    at BIGINT NOT NULL,
    by_user VARCHAR(100) NOT NULL,
    kind VARCHAR(20) NOT NULL,
    agency VARCHAR(30),
    text TEXT NOT NULL
);
CREATE INDEX safeguarding_entries_concern ON safeguarding_entries (concern_id, at);

-- Other learners a concern involves, linked by the lead.
CREATE TABLE concern_links (
    concern_id VARCHAR(36) NOT NULL,
    learner_id VARCHAR(36) NOT NULL,
    linked_at BIGINT NOT NULL,
    linked_by VARCHAR(100) NOT NULL,
    PRIMARY KEY (concern_id, learner_id)
);
CREATE INDEX concern_links_learner ON concern_links (learner_id);

-- The inbox lists every concern: index only those rows (the kind written into the query, as V30).
CREATE INDEX records_kind_concern ON records (record_id) WHERE kind = 'concern';
-- The audit of openings lists the laptops' records of openings of confidential tutorials.
CREATE INDEX records_kind_opening ON records (record_id) WHERE kind = 'confidential-opening';
