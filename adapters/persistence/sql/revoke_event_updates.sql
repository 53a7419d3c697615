-- Samverka on PostgreSQL: make the event log append-only for the application.
--
-- The event tables must belong to another role than the application's (an
-- owner may grant itself anything back): start Samverka once as the owner so
-- it creates its tables, or `ALTER TABLE ... OWNER TO` the owner afterwards.
-- Then run this as the owner, with the application's role and schema:
--
--   psql -v app_role=samverka_app -v schema=public -f revoke_event_updates.sql
--
-- The application keeps SELECT and INSERT on samverka_events and samverka_chain
-- and can no longer UPDATE or DELETE an event or a chain link. The library
-- serialises inserts with LOCK TABLE ... IN EXCLUSIVE MODE, which PostgreSQL
-- allows only with UPDATE, DELETE or TRUNCATE rights; so the role keeps
-- TRUNCATE on samverka_events for the lock, and a trigger refuses any actual
-- TRUNCATE. The read tables (projections) and person_keys stay writable:
-- replay rebuilds the former, and forgetting a person deletes a key.

\set ON_ERROR_STOP on
SET search_path TO :"schema";

REVOKE ALL ON samverka_events, samverka_chain FROM :"app_role";
GRANT SELECT, INSERT ON samverka_events, samverka_chain TO :"app_role";
GRANT TRUNCATE ON samverka_events TO :"app_role";  -- for LOCK TABLE only; see the trigger
GRANT USAGE, SELECT ON SEQUENCE samverka_events_notification_id_seq TO :"app_role";

CREATE OR REPLACE FUNCTION samverka_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the Samverka event log is append-only (% on %)', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

DROP TRIGGER IF EXISTS samverka_no_truncate ON samverka_events;
CREATE TRIGGER samverka_no_truncate BEFORE TRUNCATE ON samverka_events
    FOR EACH STATEMENT EXECUTE FUNCTION samverka_refuse_change();
DROP TRIGGER IF EXISTS samverka_no_truncate ON samverka_chain;
CREATE TRIGGER samverka_no_truncate BEFORE TRUNCATE ON samverka_chain
    FOR EACH STATEMENT EXECUTE FUNCTION samverka_refuse_change();
