-- 0004_attempts_and_leases.sql: counted decision attempts, and outbox rows leased to a
-- sender.
--
-- A letter's attempt is counted in its own committed transaction before the decision
-- starts, so a letter whose decision killed the process is known at the next start; after
-- three attempts it goes to the manual queue with the last cause (stages/decide.hpp).

CREATE TABLE decision_attempts (
    letter_id       bigint PRIMARY KEY REFERENCES letters (id),
    attempts        integer NOT NULL,
    last_attempt_at timestamptz NOT NULL DEFAULT now(),
    -- Why the last attempt failed; empty when the process died during it.
    last_error      text NOT NULL DEFAULT ''
);

-- sending: taken by a sender until lease_until; claimed and committed before the SMTP
-- conversation, so no SMTP I/O happens inside a database transaction. A row whose lease
-- ran out (its sender died) is sent again with the same Message-ID: at least once.
ALTER TABLE outbox DROP CONSTRAINT outbox_status_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_status_check
    CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'undeliverable', 'held',
                      'suppressed'));
ALTER TABLE outbox ADD COLUMN lease_until timestamptz;
DROP INDEX outbox_due;
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX outbox_leased ON outbox (lease_until) WHERE status = 'sending';
