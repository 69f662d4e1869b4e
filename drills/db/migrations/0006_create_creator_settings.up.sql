CREATE TABLE creator_settings (
    user_id                bigint PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    notifications          boolean NOT NULL DEFAULT true,
    payout_threshold_cents bigint NOT NULL DEFAULT 5000,
    timezone               text NOT NULL DEFAULT 'UTC',
    updated_at             timestamptz NOT NULL DEFAULT now()
);
