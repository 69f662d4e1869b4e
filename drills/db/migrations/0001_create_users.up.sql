-- People on the platform: creators pitch, investors and production companies read (seed 001's portals).
CREATE TABLE users (
    id         bigserial PRIMARY KEY,
    email      text NOT NULL UNIQUE,
    name       text NOT NULL,
    role       text NOT NULL CHECK (role IN ('creator', 'investor', 'production', 'admin')),
    created_at timestamptz NOT NULL DEFAULT now()
);
