-- 0002_decisions.sql: what was decided about each stored letter, the notices and staff
-- cards waiting to be sent (the transactional outbox), and the staff queues.
--
-- A letter's decision, its registration number, its notice and its routed item are
-- written in one transaction: either all of them exist or none.

CREATE TABLE appeals (
    id                  bigserial PRIMARY KEY,
    letter_id           bigint NOT NULL UNIQUE REFERENCES letters (id),
    kind                text NOT NULL CHECK (kind IN ('appeal', 'complaint', 'automatic')),
    -- accepted / refused / ignored: as verdicts.md; review: a person confirms the refusal
    -- first; follow_up: answers one of our notices; manual: could not be decided
    -- automatically (oversize, truncated or unparsable letter).
    verdict             text NOT NULL CHECK (verdict IN ('accepted', 'refused', 'review',
                                     'ignored', 'follow_up', 'manual')),
    reasons             text[] NOT NULL DEFAULT '{}',
    flags               text[] NOT NULL DEFAULT '{}',
    complaint_missing   text[] NOT NULL DEFAULT '{}',
    evidence            jsonb NOT NULL DEFAULT '[]',
    sender              jsonb NOT NULL DEFAULT '{}',
    reply_to            text,
    subject             text NOT NULL DEFAULT '',
    message_id          text NOT NULL DEFAULT '',
    registration_number text UNIQUE,
    registered_at       timestamptz,
    deadline            date,
    department          text,
    duplicate_of        bigint REFERENCES appeals (id),
    follow_up_of        bigint REFERENCES appeals (id),
    -- The duplicate rule's view of accepted appeals.
    sender_email        text NOT NULL DEFAULT '',
    sender_inn          text NOT NULL DEFAULT '',
    text_hash           text NOT NULL DEFAULT '',
    shingles            bigint[] NOT NULL DEFAULT '{}',
    note                text NOT NULL DEFAULT '',
    decided_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX appeals_history_email ON appeals (sender_email, registered_at)
    WHERE verdict = 'accepted';
CREATE INDEX appeals_history_inn ON appeals (sender_inn, registered_at)
    WHERE verdict = 'accepted' AND sender_inn <> '';

CREATE TABLE registration_counters (
    year        integer PRIMARY KEY,
    last_number integer NOT NULL
);

CREATE TABLE outbox (
    id              bigserial PRIMARY KEY,
    appeal_id       bigint REFERENCES appeals (id),
    purpose         text NOT NULL CHECK (purpose IN ('notice', 'card')),
    recipient       text NOT NULL,
    subject         text NOT NULL,
    message_id      text NOT NULL UNIQUE,
    message         bytea NOT NULL,
    -- pending: to send; sent; failed: refused for good (5xx, last_error has the reply);
    -- undeliverable: a bounce came back for it; held: waits for a person (review);
    -- suppressed: not sent, the daily cap for the address was reached.
    status          text NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'sent', 'failed', 'undeliverable', 'held',
                                      'suppressed')),
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error      text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    sent_at         timestamptz
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX outbox_notices_per_address ON outbox (recipient, created_at)
    WHERE purpose = 'notice';

-- Staff queues: a department's items (control, head, ...), 'review' (refusals a person
-- confirms) and 'manual' (letters that could not be decided automatically).
CREATE TABLE work_items (
    id         bigserial PRIMARY KEY,
    appeal_id  bigint NOT NULL REFERENCES appeals (id),
    queue      text NOT NULL,
    reason     text NOT NULL DEFAULT '',
    status     text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX work_items_open ON work_items (queue, created_at) WHERE status = 'open';
