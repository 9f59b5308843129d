-- 0007_threading.sql: how letters relate to earlier ones beyond a follow-up.
--
-- A reply to one of our refusals is a new appeal decided on its own; `resubmission_of`
-- names the refused one it completes, so that its acceptance can cite that letter.
-- A letter from a staff address or our own is never an appeal: kind `staff`, verdict
-- `ignored`; when it answers an accepted appeal (it replies to that appeal's card or cites
-- its number), `follow_up_of` names the appeal, and the appeal records the answer:
-- `answered_on`, `answer_letter_id` and a staff_actions row whose actor is
-- 'mail:<the staff address>' (the database user is obrd's own there, so the address says
-- who answered).

ALTER TABLE appeals DROP CONSTRAINT appeals_kind_check;
ALTER TABLE appeals ADD CONSTRAINT appeals_kind_check
    CHECK (kind IN ('appeal', 'complaint', 'automatic', 'staff'));
ALTER TABLE appeals
    ADD COLUMN resubmission_of  bigint REFERENCES appeals (id),
    ADD COLUMN answer_letter_id bigint REFERENCES letters (id);

-- obrd_reprocess (0006) must not take back an appeal a resubmission refers to.
CREATE OR REPLACE FUNCTION obrd_reprocess(target bigint, why text) RETURNS text
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
    IF EXISTS (SELECT 1 FROM appeals WHERE duplicate_of = target OR follow_up_of = target
                                        OR resubmission_of = target)
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
