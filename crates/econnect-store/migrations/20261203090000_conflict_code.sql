-- The platform's error code of a conflict (e.g. `stale_version`, `last_administrator`), so
-- that the app shows the conflict in the user's language instead of the platform's text.
ALTER TABLE outbox ADD COLUMN problem_code TEXT;
