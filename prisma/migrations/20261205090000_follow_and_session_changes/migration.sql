-- Follows and session records, told to every replica (LISTEN follow_changes,
-- LISTEN session_changes) as timelines are (20261202080000_timeline_changes):
-- the payload names who is concerned, or is '*' when anyone may be.
--
-- follow_changes: '<follower>:<followed>', a follow made or undone (the
-- follower's home timeline shows other authors now, and both user pages'
-- counts changed).
-- session_changes: the id of the user whose session record changed: signed out
-- everywhere or a new password (session_generation), made or unmade a
-- moderator, renamed, or deleted.

CREATE FUNCTION notify_follow_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_LEVEL = 'STATEMENT' THEN
    PERFORM pg_notify('follow_changes', '*');
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    PERFORM pg_notify('follow_changes', OLD.follower_id || ':' || OLD.followed_id);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM pg_notify('follow_changes', NEW.follower_id || ':' || NEW.followed_id);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER follows_change
AFTER INSERT OR DELETE OR UPDATE ON follows
FOR EACH ROW EXECUTE FUNCTION notify_follow_change();

CREATE TRIGGER follows_truncated_change
AFTER TRUNCATE ON follows
FOR EACH STATEMENT EXECUTE FUNCTION notify_follow_change();

CREATE FUNCTION notify_session_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_LEVEL = 'STATEMENT' THEN
    PERFORM pg_notify('session_changes', '*');
  ELSE
    PERFORM pg_notify('session_changes', OLD.id::text);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER users_session_change
AFTER DELETE OR UPDATE OF username, session_generation, is_moderator ON users
FOR EACH ROW EXECUTE FUNCTION notify_session_change();

CREATE TRIGGER users_truncated_session_change
AFTER TRUNCATE ON users
FOR EACH STATEMENT EXECUTE FUNCTION notify_session_change();
