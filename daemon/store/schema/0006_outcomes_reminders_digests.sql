-- 0006_outcomes_reminders_digests.sql: how an appeal ends (the answer sent, a complaint's
-- outcome, forwarded to a competent body), deadline extensions, deadline reminders sent once each, and the
-- daily digests sent once per department and day.

ALTER TABLE appeals
    -- Closed by a person (obrctl close / complaint): no longer open, no more reminders.
    ADD COLUMN closed_at         timestamptz,
    -- The day the answer on the merits was sent (Sakhalin date), for the reports.
    ADD COLUMN answered_on       date,
    -- The ССТУ result status of an appeal (supported, measures_taken, explained, ...).
    ADD COLUMN result            text,
    -- The head's decision on a complaint, 248-FZ art. 43 p.6.
    ADD COLUMN complaint_outcome text
        CHECK (complaint_outcome IN ('unsatisfied', 'cancelled', 'cancelled-new', 'unlawful')),
    -- Extensions (obrctl extend): the days added in all, and the deadline first set.
    ADD COLUMN extended_days     integer NOT NULL DEFAULT 0,
    ADD COLUMN first_deadline    date,
    -- Sent to a competent body (obrctl forward, 59-FZ art. 8 p.3): its name, and when.
    ADD COLUMN forwarded_to      text,
    ADD COLUMN forwarded_at      timestamptz;

-- One row per reminder card: `before` (remind_days_before working days ahead) and `missed`
-- (the day after the deadline), each once per deadline (an extension sets a new one).
CREATE TABLE deadline_reminders (
    appeal_id  bigint NOT NULL REFERENCES appeals (id),
    kind       text NOT NULL CHECK (kind IN ('before', 'missed')),
    deadline   date NOT NULL,
    outbox_ids bigint[] NOT NULL DEFAULT '{}',
    sent_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (appeal_id, kind, deadline)
);

-- One row per digest mailed to a department for a day (the daemon's, or obrctl digest
-- --send): the daemon sends each once.
CREATE TABLE digests (
    day        date NOT NULL,
    department text NOT NULL,
    outbox_ids bigint[] NOT NULL DEFAULT '{}',
    sent_by    text NOT NULL DEFAULT session_user,
    at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (day, department)
);

ALTER TABLE outbox DROP CONSTRAINT outbox_purpose_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_purpose_check
    CHECK (purpose IN ('notice', 'card', 'reminder', 'digest', 'forward'));
