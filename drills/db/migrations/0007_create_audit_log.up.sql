CREATE TABLE audit_log (
    id        bigserial PRIMARY KEY,
    actor_id  bigint,
    action    text NOT NULL,
    entity    text NOT NULL,
    entity_id bigint,
    detail    jsonb NOT NULL DEFAULT '{}',
    at        timestamptz NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
