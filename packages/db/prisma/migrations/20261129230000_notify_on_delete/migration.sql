-- Deleting tasks (retention, an admin's delete) wakes the console's live updates like any other
-- change, so other open consoles drop the rows instead of showing them until their next poll.
CREATE TRIGGER tasks_deleted AFTER DELETE ON "tasks"
  FOR EACH STATEMENT EXECUTE FUNCTION tasks_notify_change();
