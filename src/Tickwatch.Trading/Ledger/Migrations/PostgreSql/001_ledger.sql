-- The ledger's first schema: accounts, orders and their history, deals, balance operations, AutoCutoff decisions.
-- Money, prices and volumes are numeric without a fixed scale, so every decimal reads back as it was written.
CREATE TABLE accounts (
    account text PRIMARY KEY,
    leverage numeric,
    account_group text,
    route text,
    email text,
    auto_cutoff_level numeric,
    auto_liquidation_level numeric,
    status text,
    currency text,
    balance numeric NOT NULL,
    last_revision bigint,
    last_event_index bigint,
    updated_at timestamptz NOT NULL
);

CREATE TABLE ledger_events (
    account text NOT NULL,
    revision bigint NOT NULL,
    event_index bigint NOT NULL,
    kind text NOT NULL,
    order_id text,
    occurred_at timestamptz NOT NULL,
    applied_at timestamptz NOT NULL,
    PRIMARY KEY (account, revision, event_index)
);

CREATE TABLE orders (
    account text NOT NULL,
    order_id text NOT NULL,
    symbol text NOT NULL,
    order_type text NOT NULL,
    status text NOT NULL,
    is_active bigint NOT NULL,
    volume numeric NOT NULL,
    account_group text NOT NULL,
    route text NOT NULL,
    created_at timestamptz NOT NULL,
    pending_price numeric,
    open_price numeric,
    opened_at timestamptz,
    stop_loss numeric,
    take_profit numeric,
    commission numeric NOT NULL,
    swap numeric NOT NULL,
    realised_profit numeric NOT NULL,
    close_price numeric,
    closed_at timestamptz,
    close_reason text,
    open_quote text,
    close_quote text,
    client_quote text,
    revision bigint NOT NULL,
    event_index bigint NOT NULL,
    PRIMARY KEY (account, order_id)
);
CREATE INDEX orders_active ON orders (account, is_active);

CREATE TABLE order_status_history (
    account text NOT NULL,
    revision bigint NOT NULL,
    event_index bigint NOT NULL,
    order_id text NOT NULL,
    kind text NOT NULL,
    status text NOT NULL,
    volume numeric NOT NULL,
    occurred_at timestamptz NOT NULL,
    PRIMARY KEY (account, revision, event_index)
);
CREATE INDEX order_status_history_time ON order_status_history (account, occurred_at);

CREATE TABLE deals (
    account text NOT NULL,
    revision bigint NOT NULL,
    event_index bigint NOT NULL,
    seq bigint NOT NULL,
    order_id text NOT NULL,
    deal_kind text NOT NULL,
    symbol text NOT NULL,
    side text NOT NULL,
    volume numeric NOT NULL,
    price numeric NOT NULL,
    profit numeric NOT NULL,
    occurred_at timestamptz NOT NULL,
    quote_bid numeric,
    quote_ask numeric,
    quote_book_sequence bigint,
    quote_feed text,
    quote_source_time timestamptz,
    quote_received_at timestamptz,
    quote_age_ms bigint,
    quote_half_spread numeric,
    PRIMARY KEY (account, revision, event_index, seq)
);
CREATE INDEX deals_time ON deals (account, occurred_at);

CREATE TABLE balance_operations (
    account text NOT NULL,
    revision bigint NOT NULL,
    event_index bigint NOT NULL,
    seq bigint NOT NULL,
    operation text NOT NULL,
    amount numeric NOT NULL,
    balance_after numeric NOT NULL,
    order_id text,
    comment text,
    occurred_at timestamptz NOT NULL,
    PRIMARY KEY (account, revision, event_index, seq)
);
CREATE INDEX balance_operations_time ON balance_operations (account, occurred_at);

CREATE TABLE autocutoff_decisions (
    account text NOT NULL,
    revision bigint NOT NULL,
    event_index bigint NOT NULL,
    decision text NOT NULL,
    margin_level numeric,
    equity numeric,
    used_margin numeric,
    order_id text,
    reason text,
    occurred_at timestamptz NOT NULL,
    PRIMARY KEY (account, revision, event_index)
);
CREATE INDEX autocutoff_decisions_time ON autocutoff_decisions (account, occurred_at);
