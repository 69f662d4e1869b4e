CREATE TABLE pitches (
    id           bigserial PRIMARY KEY,
    user_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title        text NOT NULL,
    logline      text NOT NULL,
    genre        text NOT NULL,
    budget_cents bigint NOT NULL CHECK (budget_cents >= 0),
    status       text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'archived')),
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX pitches_user_id ON pitches (user_id);
