-- Head office's records (organisation, groups, learners) live in `records` like pushed ones.
-- A caseload row added because its learner is in a group assigned to the tutor names that group
-- (via_group), so moving the learner or the group takes exactly those rows away again; rows an
-- administrator assigned by hand have no via_group and stay.
ALTER TABLE caseload ADD COLUMN via_group VARCHAR(36);
CREATE INDEX caseload_via_group ON caseload (via_group) WHERE via_group IS NOT NULL;

-- Column mappings of MIS exports, remembered by name ("mis" is the one used when none is named).
CREATE TABLE import_mappings (
    name VARCHAR(100) PRIMARY KEY,
    mapping TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- Head office lists its groups and finds learners by ULN among the records: index only those
-- kinds, so a tutorial's insert pays for no extra index entry.
CREATE INDEX records_kind_group ON records (record_id) WHERE kind = 'group';
CREATE INDEX records_kind_learner ON records (record_id) WHERE kind = 'learner';
