-- Timeline changes, told to every replica's timeline cache (LISTEN
-- timeline_changes): the payload is the id of the author whose messages
-- changed, or '*' when any may have. PostgreSQL delivers a notification only
-- when its transaction commits, and sends one copy of identical payloads per
-- transaction, so a bulk insert by one author is one notification.

CREATE FUNCTION notify_timeline_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_LEVEL = 'STATEMENT' THEN
    PERFORM pg_notify('timeline_changes', '*');
    RETURN NULL;
  END IF;
  IF TG_TABLE_NAME = 'users' THEN
    -- A user renamed or gone: every cached page that shows their name.
    PERFORM pg_notify('timeline_changes', OLD.id::text);
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    PERFORM pg_notify('timeline_changes', OLD.author_id::text);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM pg_notify('timeline_changes', NEW.author_id::text);
  END IF;
  RETURN NULL;
END
$$;

-- A message posted, flagged or unflagged, edited or deleted.
CREATE TRIGGER messages_timeline_change
AFTER INSERT OR DELETE OR UPDATE OF author_id, text, pub_date, flagged ON messages
FOR EACH ROW EXECUTE FUNCTION notify_timeline_change();

CREATE TRIGGER messages_truncated_timeline_change
AFTER TRUNCATE ON messages
FOR EACH STATEMENT EXECUTE FUNCTION notify_timeline_change();

-- What a timeline shows of its authors: the username, and the email (the web's avatar).
CREATE TRIGGER users_timeline_change
AFTER DELETE OR UPDATE OF username, email ON users
FOR EACH ROW EXECUTE FUNCTION notify_timeline_change();

CREATE TRIGGER users_truncated_timeline_change
AFTER TRUNCATE ON users
FOR EACH STATEMENT EXECUTE FUNCTION notify_timeline_change();
