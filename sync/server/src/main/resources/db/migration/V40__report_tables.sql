-- Head office's reports: query tables built from the synced records by the report projector
-- (org.tutela.sync.server.reports), which follows records.server_seq in transactions of its own,
-- never inside a push. They hold facts and counts: no tutorial content, no concern descriptions,
-- no contacts. `rebuild-reports` empties them and builds them again from the records.
-- Portable SQL: runs unchanged on SQLite and PostgreSQL. Dates as ISO text (YYYY-MM-DD).

-- How far the projector has read (every change up to cursor_seq is in the tables), for which
-- epoch, and the day the learners' figures were worked out for (they are worked out again for a
-- new day: due dates, the academic year, what can still be held).
CREATE TABLE report_state (
    id INTEGER PRIMARY KEY,
    cursor_seq BIGINT NOT NULL,
    epoch VARCHAR(64),
    computed_for VARCHAR(10),
    updated_at BIGINT NOT NULL
);
INSERT INTO report_state (id, cursor_seq, epoch, computed_for, updated_at) VALUES (1, 0, NULL, NULL, 0);

CREATE TABLE report_groups (
    group_id VARCHAR(36) PRIMARY KEY,
    name VARCHAR(200) NOT NULL,
    course VARCHAR(200),
    archived BOOLEAN NOT NULL,
    review_unit VARCHAR(16) NOT NULL,
    review_every INTEGER NOT NULL,
    own_reviews INTEGER,
    own_sessions INTEGER
);

-- A learner with the figures the app's rules give (CaseloadSummary, EntitlementTally, ReviewDue,
-- ReviewShortfall) for academic_year as of report_state.computed_for. The tot_ columns are what
-- the learner adds to a caseload summary's totals (entitlement counts only active learners), so a
-- sum over a tutor's learners is that tutor's laptop summary.
CREATE TABLE report_learners (
    learner_id VARCHAR(36) PRIMARY KEY,
    group_id VARCHAR(36),
    given_name VARCHAR(200),
    family_name VARCHAR(200),
    preferred_name VARCHAR(200),
    display_name VARCHAR(400) NOT NULL,
    sort_name VARCHAR(400) NOT NULL,
    uln VARCHAR(10),
    status VARCHAR(16) NOT NULL,
    start_date VARCHAR(10),
    at_risk BOOLEAN NOT NULL,
    vulnerable BOOLEAN NOT NULL,
    open_to_pastoral BOOLEAN NOT NULL,
    lessons INTEGER,
    absences INTEGER,
    academic_year INTEGER NOT NULL,
    reviews_held INTEGER NOT NULL,
    reviews_entitled INTEGER NOT NULL,
    sessions_held INTEGER NOT NULL,
    sessions_entitled INTEGER NOT NULL,
    tot_reviews_held INTEGER NOT NULL,
    tot_reviews_entitled INTEGER NOT NULL,
    tot_sessions_held INTEGER NOT NULL,
    tot_sessions_entitled INTEGER NOT NULL,
    last_review VARCHAR(10),
    last_tutorial VARCHAR(10),
    due_by VARCHAR(10),
    reviews_possible INTEGER NOT NULL,
    review_shortfall INTEGER NOT NULL,
    targets_set INTEGER NOT NULL,
    targets_met INTEGER NOT NULL,
    concerns_open INTEGER NOT NULL,
    concerns_all INTEGER NOT NULL
);
CREATE INDEX report_learners_group ON report_learners (group_id);

-- Learners whose figures must be worked out again (a record of theirs changed, their group, the
-- organisation or the day): marked in the transaction that changed what they depend on, and
-- cleared in the one that works them out, so a change reaching many learners is worked out once.
CREATE TABLE report_dirty (
    learner_id VARCHAR(36) PRIMARY KEY
);
CREATE INDEX report_learners_sort ON report_learners (sort_name);

-- A tutorial's facts: a sealed (confidential) one has only its envelope's header here.
CREATE TABLE report_tutorials (
    tutorial_id VARCHAR(36) PRIMARY KEY,
    kind VARCHAR(24) NOT NULL,
    learner_id VARCHAR(36),
    group_id VARCHAR(36),
    held_on VARCHAR(10) NOT NULL,
    outcome VARCHAR(16) NOT NULL,
    tutor VARCHAR(100),
    confidential BOOLEAN NOT NULL,
    draft BOOLEAN NOT NULL,
    signed BOOLEAN NOT NULL
);

-- Which learners a tutorial involves: its learner, and a group session's attendees.
CREATE TABLE report_tutorial_learners (
    learner_id VARCHAR(36) NOT NULL,
    tutorial_id VARCHAR(36) NOT NULL,
    PRIMARY KEY (learner_id, tutorial_id)
);
CREATE INDEX report_tutorial_learners_tutorial ON report_tutorial_learners (tutorial_id);

CREATE TABLE report_targets (
    target_id VARCHAR(36) PRIMARY KEY,
    learner_id VARCHAR(36) NOT NULL,
    text TEXT NOT NULL,
    set_on VARCHAR(10),
    by_when VARCHAR(10),
    status VARCHAR(16) NOT NULL
);
CREATE INDEX report_targets_learner ON report_targets (learner_id);

-- That a concern exists, its category and state: never its description, who raised it or to whom it went.
CREATE TABLE report_concerns (
    concern_id VARCHAR(36) PRIMARY KEY,
    learner_id VARCHAR(36) NOT NULL,
    category VARCHAR(24) NOT NULL,
    status VARCHAR(16) NOT NULL,
    raised_on VARCHAR(10) NOT NULL
);
CREATE INDEX report_concerns_learner ON report_concerns (learner_id);
