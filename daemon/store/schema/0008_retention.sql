-- 0008_retention.sql: personal data kept no longer than needed (152-FZ art. 5 p.7).
--
-- obrctl purge (Store::purge) erases, for the finished appeals older than [retention] keep,
-- the raw letter, its Message-ID, the sender's details, the subject, the evidence (fragments
-- of the text), the duplicate rule's fingerprint, and the bytes, recipient and subject of its
-- outgoing mail; it keeps what the reports count (kind, verdict, reasons, flags, department,
-- registration number and dates, outcome, forwarding) and sets letters.purged_at.
ALTER TABLE letters ADD COLUMN purged_at timestamptz;
