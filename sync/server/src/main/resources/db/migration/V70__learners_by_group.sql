-- A tutor's scope reaches a learner through the learner record's group: the pull's scope, a
-- group's members and moving a group's records all ask "the learners in these groups". Through
-- records_group that question also visited every tutorial routed to the group, once per pull
-- page, so a pull cost grew with the square of the organisation's records. This index holds the
-- learners alone.
CREATE INDEX records_learner_by_group ON records (group_id) WHERE kind = 'learner';
