-- A duplicate is a duplicate only if it is the same change: each receipt keeps the key of the
-- change it answered (Versions.changeKey, 16 characters; a run keeps its entries' keys one after
-- another, in device-sequence order). Receipts written before this column have none and are
-- taken at their word.
ALTER TABLE receipts ADD COLUMN change_keys TEXT;
