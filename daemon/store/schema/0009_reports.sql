-- 0009_reports.sql: what obrctl report counts that the letter alone would tell, kept in
-- columns because obrctl purge erases the letter, its evidence and the sender.
--
--   channel          'mail' (written to the mailbox) or 'form' (the website's feedback
--                    form). Appeals decided before this migration are counted as 'mail': the
--                    form is read from the letter's text, which SQL cannot parse.
--   mass_mailing     the off_topic ground found an advertisement or a mass mailing
--                    (symbol MASS_MAILING); filled below from the evidence still kept.
--   classifier_code  the code of the «Типовой общероссийский тематический классификатор»
--                    a person chose at obrctl close / complaint; NULL: the report uses the
--                    default for the letter's kind (notices/data/classifier.txt).
ALTER TABLE appeals
    ADD COLUMN channel text NOT NULL DEFAULT 'mail' CHECK (channel IN ('mail', 'form')),
    ADD COLUMN mass_mailing boolean NOT NULL DEFAULT false,
    ADD COLUMN classifier_code text;
UPDATE appeals SET mass_mailing = true WHERE evidence @> '[{"symbol": "MASS_MAILING"}]';
