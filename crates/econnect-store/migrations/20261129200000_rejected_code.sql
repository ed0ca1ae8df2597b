-- The platform's error code of a refused change (e.g. `shared_email_domain`), so that the
-- app can offer the fitting next step (add directly) instead of only showing the text.
ALTER TABLE rejected_changes ADD COLUMN code TEXT;
