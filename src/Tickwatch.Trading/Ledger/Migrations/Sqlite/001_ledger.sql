-- The ledger's first schema: accounts, orders and their history, deals, balance operations, AutoCutoff decisions.
-- SQLite has no exact decimal: money, prices and volumes are canonical decimal TEXT (STRICT tables keep them text),
-- times are UTC ISO-8601 TEXT to the microsecond, which sorts as time.
CREATE TABLE accounts (
    account text PRIMARY KEY,
    leverage text,
    account_group text,
    route text,
    email text,
    auto_cutoff_level text,
    auto_liquidation_level text,
    status text,
    currency text,
    balance text NOT NULL,
    last_revision integer,
    last_event_index integer,
    updated_at text NOT NULL
) STRICT;

CREATE TABLE ledger_events (
    account text NOT NULL,
    revision integer NOT NULL,
    event_index integer NOT NULL,
    kind text NOT NULL,
    order_id text,
    occurred_at text NOT NULL,
    applied_at text NOT NULL,
    PRIMARY KEY (account, revision, event_index)
) STRICT;

CREATE TABLE orders (
    account text NOT NULL,
    order_id text NOT NULL,
    symbol text NOT NULL,
    order_type text NOT NULL,
    status text NOT NULL,
    is_active integer NOT NULL,
    volume text NOT NULL,
    account_group text NOT NULL,
    route text NOT NULL,
    created_at text NOT NULL,
    pending_price text,
    open_price text,
    opened_at text,
    stop_loss text,
    take_profit text,
    commission text NOT NULL,
    swap text NOT NULL,
    realised_profit text NOT NULL,
    close_price text,
    closed_at text,
    close_reason text,
    open_quote text,
    close_quote text,
    client_quote text,
    revision integer NOT NULL,
    event_index integer NOT NULL,
    PRIMARY KEY (account, order_id)
) STRICT;
CREATE INDEX orders_active ON orders (account, is_active);

CREATE TABLE order_status_history (
    account text NOT NULL,
    revision integer NOT NULL,
    event_index integer NOT NULL,
    order_id text NOT NULL,
    kind text NOT NULL,
    status text NOT NULL,
    volume text NOT NULL,
    occurred_at text NOT NULL,
    PRIMARY KEY (account, revision, event_index)
) STRICT;
CREATE INDEX order_status_history_time ON order_status_history (account, occurred_at);

CREATE TABLE deals (
    account text NOT NULL,
    revision integer NOT NULL,
    event_index integer NOT NULL,
    seq integer NOT NULL,
    order_id text NOT NULL,
    deal_kind text NOT NULL,
    symbol text NOT NULL,
    side text NOT NULL,
    volume text NOT NULL,
    price text NOT NULL,
    profit text NOT NULL,
    occurred_at text NOT NULL,
    quote_bid text,
    quote_ask text,
    quote_book_sequence integer,
    quote_feed text,
    quote_source_time text,
    quote_received_at text,
    quote_age_ms integer,
    quote_half_spread text,
    PRIMARY KEY (account, revision, event_index, seq)
) STRICT;
CREATE INDEX deals_time ON deals (account, occurred_at);

CREATE TABLE balance_operations (
    account text NOT NULL,
    revision integer NOT NULL,
    event_index integer NOT NULL,
    seq integer NOT NULL,
    operation text NOT NULL,
    amount text NOT NULL,
    balance_after text NOT NULL,
    order_id text,
    comment text,
    occurred_at text NOT NULL,
    PRIMARY KEY (account, revision, event_index, seq)
) STRICT;
CREATE INDEX balance_operations_time ON balance_operations (account, occurred_at);

CREATE TABLE autocutoff_decisions (
    account text NOT NULL,
    revision integer NOT NULL,
    event_index integer NOT NULL,
    decision text NOT NULL,
    margin_level text,
    equity text,
    used_margin text,
    order_id text,
    reason text,
    occurred_at text NOT NULL,
    PRIMARY KEY (account, revision, event_index)
) STRICT;
CREATE INDEX autocutoff_decisions_time ON autocutoff_decisions (account, occurred_at);
