-- 0001_letters.sql: raw letters, stored exactly once, and the mailbox positions.
--
-- A letter is identified by `identity` (SHA-256 over its Message-ID and its bytes less the
-- trace headers that each delivery adds), so the same letter fetched again after a crash,
-- under a new UIDVALIDITY, or delivered twice, never makes a second row.

CREATE TABLE mailboxes (
    name        text PRIMARY KEY,
    uidvalidity bigint NOT NULL,
    last_uid    bigint NOT NULL DEFAULT 0,   -- every UID up to here is stored
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE letters (
    id          bigserial PRIMARY KEY,
    mailbox     text NOT NULL,
    uidvalidity bigint NOT NULL,
    uid         bigint NOT NULL,             -- where it was first seen
    message_id  text NOT NULL DEFAULT '',    -- without angle brackets
    sha256      text NOT NULL,               -- hex, of the raw bytes as fetched
    identity    text NOT NULL UNIQUE,
    size        bigint NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    -- new: waits for a decision; oversize: above max_letter_size, for a person;
    -- truncated: above what PostgreSQL can hold, first bytes kept, left on the server.
    status      text NOT NULL DEFAULT 'new'
                CHECK (status IN ('new', 'oversize', 'truncated')),
    raw         bytea NOT NULL
);
-- Attachments hardly compress, and pglz on every letter costs about 3x in store speed
-- (shared/reference/speed-anchors.md); lz4 keeps the speed and still packs text.
ALTER TABLE letters ALTER COLUMN raw SET COMPRESSION lz4;
CREATE INDEX letters_message_id ON letters (message_id) WHERE message_id <> '';
CREATE INDEX letters_status ON letters (status);

-- Letters stored but not yet marked on the IMAP server. Written in the storing
-- transaction, deleted once the server has them flagged or moved: a crash between the
-- two leaves the row, and the next cycle marks them first.
CREATE TABLE pending_marks (
    mailbox     text NOT NULL,
    uidvalidity bigint NOT NULL,
    uid         bigint NOT NULL,
    letter_id   bigint NOT NULL REFERENCES letters (id),
    PRIMARY KEY (mailbox, uidvalidity, uid)
);

-- Letters the server would not hand over (a broken literal, a server error for that UID
-- alone). They stay on the server unmarked; this table tells staff which and why.
CREATE TABLE fetch_failures (
    mailbox     text NOT NULL,
    uidvalidity bigint NOT NULL,
    uid         bigint NOT NULL,
    error       text NOT NULL,
    failed_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (mailbox, uidvalidity, uid)
);
