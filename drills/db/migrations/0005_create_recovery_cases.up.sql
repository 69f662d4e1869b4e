-- Failed payments being recovered (seed 004's recovery_cases).
CREATE TABLE recovery_cases (
    id           bigserial PRIMARY KEY,
    user_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    status       text NOT NULL CHECK (status IN ('open', 'recovered', 'lost')),
    reason       text NOT NULL,
    amount_cents bigint NOT NULL CHECK (amount_cents > 0),
    opened_at    timestamptz NOT NULL,
    closed_at    timestamptz
);
CREATE INDEX recovery_cases_open ON recovery_cases (opened_at) WHERE status = 'open';
