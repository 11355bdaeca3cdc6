-- I7: one record per caller and key, written in the transaction of the change it answers.
CREATE TABLE idempotency_key (
    caller          VARCHAR(64)              NOT NULL,
    idem_key        VARCHAR(255)             NOT NULL,
    request_hash    CHAR(64)                 NOT NULL,
    response_status INTEGER                  NOT NULL,
    response_body   TEXT                     NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (caller, idem_key)
);

-- The purge job deletes records past the retention period.
CREATE INDEX idempotency_key_created_at ON idempotency_key (created_at);
