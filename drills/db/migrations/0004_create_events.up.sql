-- Webhook and product events (seed 004 counts them after every rollback).
CREATE TABLE events (
    id          bigserial PRIMARY KEY,
    user_id     bigint REFERENCES users (id) ON DELETE SET NULL,
    type        text NOT NULL,
    payload     jsonb NOT NULL DEFAULT '{}',
    occurred_at timestamptz NOT NULL
);
CREATE INDEX events_occurred_at ON events (occurred_at);
