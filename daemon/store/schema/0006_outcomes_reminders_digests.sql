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

-- An action on a letter whose decision is gone (obrctl reprocess) names the letter.
ALTER TABLE staff_actions ADD COLUMN letter_id bigint REFERENCES letters (id);

-- obrctl reprocess: takes back a decision that nothing came of yet, so that the decide stage
-- decides the letter again with the current rules. Only when no message of it was sent,
-- it has no registration number, no person acted on it and no other appeal refers to it;
-- else the answer says which, and a person uses obrctl decide. SECURITY DEFINER: staff
-- may run it without the right to delete anything themselves; the audit row still names
-- the session_user.
CREATE FUNCTION obrd_reprocess(target bigint, why text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    the_letter bigint;
    the_number text;
BEGIN
    SELECT letter_id, registration_number INTO the_letter, the_number
        FROM appeals WHERE id = target FOR UPDATE;
    IF NOT FOUND THEN RETURN 'gone'; END IF;
    IF the_number IS NOT NULL THEN RETURN 'registered'; END IF;
    IF EXISTS (SELECT 1 FROM outbox WHERE appeal_id = target AND status IN ('sent', 'sending'))
        THEN RETURN 'answered'; END IF;
    IF EXISTS (SELECT 1 FROM staff_actions WHERE appeal_id = target) THEN RETURN 'acted'; END IF;
    IF EXISTS (SELECT 1 FROM appeals WHERE duplicate_of = target OR follow_up_of = target)
        THEN RETURN 'referenced'; END IF;
    DELETE FROM outbox WHERE appeal_id = target;
    DELETE FROM work_items WHERE appeal_id = target;
    DELETE FROM deadline_reminders WHERE appeal_id = target;
    DELETE FROM appeals WHERE id = target;
    DELETE FROM decision_attempts WHERE letter_id = the_letter;
    UPDATE letters SET decided = false WHERE id = the_letter;
    INSERT INTO staff_actions (action, letter_id, comment) VALUES ('reprocess', the_letter, why);
    RETURN 'ok';
END $$;
REVOKE ALL ON FUNCTION obrd_reprocess(bigint, text) FROM PUBLIC;
