-- Most records route by learner and carry no group (and group records no learner): index only
-- the rows that have the value, so a write does not pay for an index entry of a NULL.
DROP INDEX records_learner;
DROP INDEX records_group;
CREATE INDEX records_learner ON records (learner_id) WHERE learner_id IS NOT NULL;
CREATE INDEX records_group ON records (group_id) WHERE group_id IS NOT NULL;
