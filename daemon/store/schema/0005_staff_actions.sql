-- 0005_staff_actions.sql: every action a person takes through obrctl, for the audit.
--
-- `actor` is the PostgreSQL session_user of the obrctl session that acted: the login the
-- database authenticated, not a name anyone can pass on the command line.

CREATE TABLE staff_actions (
    id         bigserial PRIMARY KEY,
    at         timestamptz NOT NULL DEFAULT now(),
    actor      text NOT NULL DEFAULT session_user,
    action     text NOT NULL,
    appeal_id  bigint REFERENCES appeals (id),
    comment    text NOT NULL,
    -- The outbox rows the action released or created.
    outbox_ids bigint[] NOT NULL DEFAULT '{}'
);
CREATE INDEX staff_actions_appeal ON staff_actions (appeal_id);
