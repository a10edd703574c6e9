-- A receipt row may stand for a run of consecutive device sequences that were all applied with
-- consecutive server sequences (device_seq .. device_seq + run_length - 1; server_seq is the
-- first one's; record_id is the first entry's). A batch of a hundred then costs one row, not a hundred.
ALTER TABLE receipts ADD COLUMN run_length INTEGER NOT NULL DEFAULT 1;
