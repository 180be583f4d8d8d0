namespace Tickwatch.Market.Metrics;

/// <summary>The market service's meter and instrument names, in one place; each comment gives the name Prometheus scrapes.</summary>
/// <remarks>
/// Instruments are named the OpenTelemetry way (dots, unit apart); the exporter turns <c>tickwatch.feed.messages</c>
/// into <c>tickwatch_feed_messages_total</c>: it appends the unit (<c>s</c> → <c>_seconds</c>, <c>By</c> → <c>_bytes</c>)
/// and <c>_total</c> to counters. Every meter whose name starts with <c>Tickwatch.</c> is exported: the trading engine adds
/// its instruments (orders by outcome, refusals by reason, stop-outs) on a meter of its own, <see cref="TradingMeter"/>,
/// created from the host's <c>IMeterFactory</c>, with names in the same style.
/// </remarks>
public static class MarketMetricNames
{
    /// <summary>The meter of the market service's own instruments.</summary>
    public const string Meter = "Tickwatch.Market";

    /// <summary>The meter the trading engine's instruments belong on (exported as soon as they exist).</summary>
    public const string TradingMeter = "Tickwatch.Trading";

    /// <summary><c>tickwatch_trading_orders_total{type}</c>: orders placed (accepted), by type.</summary>
    public const string TradingOrders = "tickwatch.trading.orders";

    /// <summary><c>tickwatch_trading_fills_total</c>: orders filled, at market or by their trigger.</summary>
    public const string TradingFills = "tickwatch.trading.fills";

    /// <summary><c>tickwatch_trading_orders_finished_total{status}</c>: orders that ended, by final status.</summary>
    public const string TradingOrdersFinished = "tickwatch.trading.orders.finished";

    /// <summary><c>tickwatch_trading_refusals_total{reason}</c>: requests refused, by reason (STALE_PRICE, REQUOTE, …).</summary>
    public const string TradingRefusals = "tickwatch.trading.refusals";

    /// <summary><c>tickwatch_trading_portfolios_tracked</c>: accounts with positions or resting orders the calculator revalues.</summary>
    public const string TradingPortfoliosTracked = "tickwatch.trading.portfolios.tracked";

    /// <summary><c>tickwatch_trading_portfolios_degraded</c>: accounts whose last portfolio is degraded (a price it needs is stale or missing).</summary>
    public const string TradingPortfoliosDegraded = "tickwatch.trading.portfolios.degraded";

    /// <summary><c>tickwatch_trading_portfolio_recomputes_total</c>: portfolios computed and written.</summary>
    public const string TradingPortfolioRecomputes = "tickwatch.trading.portfolio.recomputes";

    /// <summary>
    /// <c>tickwatch_trading_portfolio_recompute_latency_seconds{percentile}</c>: a quote's receipt to every portfolio it moved
    /// written, over the calculator's last minute; NaN while nothing was recomputed.
    /// </summary>
    public const string TradingPortfolioRecomputeLatency = "tickwatch.trading.portfolio.recompute.latency";

    /// <summary>
    /// <c>tickwatch_trading_trigger_latency_seconds{percentile}</c>: the crossing quote's receipt to the fill or close
    /// committed, over the trigger service's window; NaN while nothing fired.
    /// </summary>
    public const string TradingTriggerLatency = "tickwatch.trading.trigger.latency";

    /// <summary>
    /// <c>tickwatch_trading_fills_vs_view_total{outcome}</c>: market fills by how they compare with the price their
    /// client sent: <c>within</c> <c>Trading:ViewMismatchPips</c>, <c>differing</c> beyond it, or <c>no_quote</c> sent.
    /// </summary>
    public const string TradingFillsVsView = "tickwatch.trading.fills_vs_view";

    /// <summary><c>tickwatch_trading_triggers_armed{kind}</c>: armed triggers, <c>pending</c>, <c>stop_loss</c> or <c>take_profit</c>.</summary>
    public const string TradingTriggersArmed = "tickwatch.trading.triggers.armed";

    /// <summary><c>tickwatch_trading_triggers_fired_total{kind}</c>: triggers that filled or closed their order.</summary>
    public const string TradingTriggersFired = "tickwatch.trading.triggers.fired";

    /// <summary><c>tickwatch_trading_triggers_waiting_on_stale</c>: crossed triggers waiting for a fresh price.</summary>
    public const string TradingTriggersWaitingOnStale = "tickwatch.trading.triggers.waiting_on_stale";

    /// <summary><c>tickwatch_trading_trigger_index_backlog</c>: trigger changes not yet written to the index.</summary>
    public const string TradingTriggerIndexBacklog = "tickwatch.trading.trigger_index.backlog";

    /// <summary><c>tickwatch_ledger_lag_seconds</c>: age of the oldest outbox entry not yet in the ledger; 0 when drained (ledger enabled only).</summary>
    public const string LedgerLag = "tickwatch.ledger.lag";

    /// <summary><c>tickwatch_ledger_outbox_depth</c>: outbox entries waiting for the ledger, as of the writer's last pass.</summary>
    public const string LedgerOutboxDepth = "tickwatch.ledger.outbox_depth";

    /// <summary><c>tickwatch_ledger_written_total</c>: events the writer wrote to the ledger.</summary>
    public const string LedgerWritten = "tickwatch.ledger.written";

    /// <summary><c>tickwatch_ledger_duplicates_total</c>: outbox entries the ledger held already, skipped and trimmed.</summary>
    public const string LedgerDuplicates = "tickwatch.ledger.duplicates";

    /// <summary><c>tickwatch_ledger_failures_total</c>: writer passes that failed (the database or the store unreachable).</summary>
    public const string LedgerFailures = "tickwatch.ledger.failures";

    /// <summary><c>tickwatch_ledger_poison_entries</c>: outbox entries the writer holds their accounts at (unreadable or refused).</summary>
    public const string LedgerPoisonEntries = "tickwatch.ledger.poison_entries";

    /// <summary><c>tickwatch_ledger_writer_state{state}</c>: 1 for the writer's current state (<c>running</c>, <c>backing_off</c>, <c>refused</c>, ...), 0 for the others.</summary>
    public const string LedgerWriterState = "tickwatch.ledger.writer.state";

    /// <summary><c>tickwatch_ledger_pending_accounts</c>: accounts with outbox entries waiting, as of the writer's last pass.</summary>
    public const string LedgerPendingAccounts = "tickwatch.ledger.pending_accounts";

    /// <summary><c>tickwatch_ledger_poison_seen_total</c>: poison entries the writer met since start (each counted once).</summary>
    public const string LedgerPoisonSeen = "tickwatch.ledger.poison_seen";

    /// <summary><c>tickwatch_ledger_reads_total{route,outcome}</c>: clients' ledger reads (history, deals, statement): ok, invalid, unavailable.</summary>
    public const string LedgerReads = "tickwatch.ledger.reads";
    /// <summary><c>tickwatch_ledger_reconciliation_drifting_accounts</c>: accounts whose hot state differed from the ledger at the last reconciliation (absent before the first).</summary>
    public const string LedgerReconciliationDrifting = "tickwatch.ledger.reconciliation.drifting_accounts";

    /// <summary><c>tickwatch_ledger_reconciliation_behind_accounts</c>: accounts not compared at the last reconciliation because their outbox was not written yet.</summary>
    public const string LedgerReconciliationBehind = "tickwatch.ledger.reconciliation.behind_accounts";

    /// <summary><c>tickwatch_ledger_reconciliation_last_run_age_seconds</c>: time since the last completed reconciliation started (absent before the first).</summary>
    public const string LedgerReconciliationLastRunAge = "tickwatch.ledger.reconciliation.last_run_age";

    /// <summary><c>tickwatch_ledger_reconciliation_failures_total</c>: reconciliations that failed (the ledger or the store unreachable).</summary>
    public const string LedgerReconciliationFailures = "tickwatch.ledger.reconciliation.failures";

    /// <summary><c>tickwatch_autocutoff_decisions_total{decision}</c>: AutoCutoff decisions by kind.</summary>
    public const string AutoCutoffDecisions = "tickwatch.autocutoff.decisions";

    /// <summary><c>tickwatch_autocutoff_holds_total{reason}</c>: accounts that came to be held (stale or missing figures), by reason.</summary>
    public const string AutoCutoffHolds = "tickwatch.autocutoff.holds";

    /// <summary><c>tickwatch_autocutoff_held_accounts</c>: accounts AutoCutoff cannot act on now.</summary>
    public const string AutoCutoffHeldAccounts = "tickwatch.autocutoff.held_accounts";

    /// <summary><c>tickwatch_autocutoff_stop_outs</c>: stop-outs running in this service.</summary>
    public const string AutoCutoffStopOuts = "tickwatch.autocutoff.stop_outs";

    /// <summary><c>tickwatch_autocutoff_oldest_stop_out_seconds</c>: age of the oldest stop-out running here; 0 when none.</summary>
    public const string AutoCutoffOldestStopOut = "tickwatch.autocutoff.oldest_stop_out";

    /// <summary><c>tickwatch_autocutoff_closes_total</c>: positions closed by stop-outs.</summary>
    public const string AutoCutoffCloses = "tickwatch.autocutoff.closes";

    /// <summary><c>tickwatch_autocutoff_provider_closes_total{outcome}</c>: stop-out closes asked of the liquidity provider: requested, filled, rejected, timed_out.</summary>
    public const string AutoCutoffProviderCloses = "tickwatch.autocutoff.provider_closes";

    /// <summary><c>tickwatch_autocutoff_locks_lost_total</c>: stop-outs that lost their lock while working.</summary>
    public const string AutoCutoffLocksLost = "tickwatch.autocutoff.locks_lost";

    /// <summary><c>tickwatch_autocutoff_mail_total{outcome}</c>: margin-call e-mails sent, written, failed, dropped.</summary>
    public const string AutoCutoffMail = "tickwatch.autocutoff.mail";

    /// <summary><c>tickwatch_autocutoff_first_close_p99_seconds</c>: p99 from the breaching quote to the first close (5 minutes).</summary>
    public const string AutoCutoffFirstCloseP99 = "tickwatch.autocutoff.first_close_p99";

    /// <summary><c>tickwatch_provider_enabled</c>: 1 when the provider link is enabled.</summary>
    public const string ProviderEnabled = "tickwatch.provider.enabled";

    /// <summary><c>tickwatch_provider_link_up</c>: 1 while the link to the execution gateway is connected.</summary>
    public const string ProviderLinkUp = "tickwatch.provider.link.up";

    /// <summary><c>tickwatch_provider_routed_accounts</c>: accounts routed to the provider at the store's last scan.</summary>
    public const string ProviderRoutedAccounts = "tickwatch.provider.routed_accounts";

    /// <summary><c>tickwatch_provider_queue_depth</c>: requests waiting in the send queue.</summary>
    public const string ProviderQueueDepth = "tickwatch.provider.queue_depth";

    /// <summary><c>tickwatch_provider_in_flight_orders</c>: orders with requests at the provider, resting ones included.</summary>
    public const string ProviderInFlight = "tickwatch.provider.in_flight_orders";

    /// <summary><c>tickwatch_provider_stuck_orders</c>: orders owed an answer longer than <c>ProviderLink:StuckAfter</c>.</summary>
    public const string ProviderStuck = "tickwatch.provider.stuck_orders";

    /// <summary><c>tickwatch_provider_oldest_awaiting_seconds</c>: age of the oldest request owed an answer; 0 when none.</summary>
    public const string ProviderOldestAwaiting = "tickwatch.provider.oldest_awaiting";

    /// <summary><c>tickwatch_provider_reconnects_total</c>: connections after the first.</summary>
    public const string ProviderReconnects = "tickwatch.provider.reconnects";

    /// <summary><c>tickwatch_provider_requests_refused_total</c>: requests refused because the link was down or the queue full.</summary>
    public const string ProviderRefused = "tickwatch.provider.requests_refused";

    /// <summary><c>tickwatch_provider_reports_total{outcome}</c>: execution reports applied, duplicate or ignored.</summary>
    public const string ProviderReports = "tickwatch.provider.reports";

    /// <summary><c>tickwatch_provider_frame_errors_total{category}</c>: frames from the gateway refused, by category.</summary>
    public const string ProviderFrameErrors = "tickwatch.provider.frame_errors";

    /// <summary><c>tickwatch_provider_pending_watched_orders</c>: provider orders resting PENDING the pending monitor re-checks.</summary>
    public const string ProviderPendingWatched = "tickwatch.provider.pending.watched_orders";

    /// <summary><c>tickwatch_provider_pending_checks_total</c>: resting provider orders checked.</summary>
    public const string ProviderPendingChecks = "tickwatch.provider.pending.checks";

    /// <summary><c>tickwatch_provider_pending_cancels_total{outcome}</c>: cancels sent, or refused, because free margin no longer sufficed.</summary>
    public const string ProviderPendingCancels = "tickwatch.provider.pending.cancels";

    /// <summary><c>tickwatch_provider_pending_held_total{reason}</c>: checks held, by reason (stale_price, market_closed, degraded_portfolio, link_down, cancels_used).</summary>
    public const string ProviderPendingHeld = "tickwatch.provider.pending.held";

    /// <summary><c>tickwatch_provider_pending_holding_orders</c>: resting provider orders the pending monitor holds now.</summary>
    public const string ProviderPendingHolding = "tickwatch.provider.pending.holding_orders";

    /// <summary><c>tickwatch_provider_pending_oldest_hold_seconds</c>: how long the oldest current hold has lasted (market-closed holds aside); 0 when none.</summary>
    public const string ProviderPendingOldestHold = "tickwatch.provider.pending.oldest_hold";

    /// <summary><c>tickwatch_feed_messages_total{feed}</c>: WebSocket messages received, whatever became of them.</summary>
    public const string FeedMessages = "tickwatch.feed.messages";

    /// <summary><c>tickwatch_feed_updates_total{feed}</c>: price updates decoded and handed to the price book.</summary>
    public const string FeedUpdates = "tickwatch.feed.updates";

    /// <summary><c>tickwatch_feed_received_bytes_total{feed}</c>.</summary>
    public const string FeedReceived = "tickwatch.feed.received";

    /// <summary><c>tickwatch_feed_messages_failed_total{feed}</c>: messages unusable as a whole (the guide's parse_error_rate counts these).</summary>
    public const string FeedMessagesFailed = "tickwatch.feed.messages.failed";

    /// <summary><c>tickwatch_feed_parse_errors_total{feed,category}</c>: failed frames and bad entries inside good ones.</summary>
    public const string FeedParseErrors = "tickwatch.feed.parse_errors";

    /// <summary><c>tickwatch_feed_frames_ignored_total{feed}</c>: frames not meant for the price book.</summary>
    public const string FeedFramesIgnored = "tickwatch.feed.frames.ignored";

    /// <summary><c>tickwatch_feed_control_frames_total{feed,kind}</c>: a venue's control frames, <c>subscription_result</c>, <c>subscription_error</c> or <c>server_shutdown</c> (also counted as ignored).</summary>
    public const string FeedControlFrames = "tickwatch.feed.control_frames";

    /// <summary><c>tickwatch_feed_trades_total{feed}</c>: venue trades decoded and handed to the price book (last traded prices, never quotes).</summary>
    public const string FeedTrades = "tickwatch.feed.trades";

    /// <summary><c>tickwatch_feed_trade_outside_quote_total{feed,symbol}</c>: trades that arrived outside the symbol's fresh quote beyond its <c>TradeTolerance</c>.</summary>
    public const string FeedTradeOutsideQuote = "tickwatch.feed.trade_outside_quote";

    /// <summary><c>tickwatch_feed_connection_attempts_total{feed,outcome}</c>: completed attempts, <c>success</c> or <c>failure</c>.</summary>
    public const string FeedConnectionAttempts = "tickwatch.feed.connection.attempts";

    /// <summary><c>tickwatch_feed_disconnections_total{feed}</c>: established connections that ended.</summary>
    public const string FeedDisconnections = "tickwatch.feed.disconnections";

    /// <summary><c>tickwatch_feed_reconnects_total{feed}</c>: connections opened after the first one.</summary>
    public const string FeedReconnects = "tickwatch.feed.reconnects";

    /// <summary><c>tickwatch_feed_connected{feed}</c>: 1 while the WebSocket is open.</summary>
    public const string FeedConnected = "tickwatch.feed.connected";

    /// <summary><c>tickwatch_feed_running{feed}</c>: 1 while prices flow (the guide's <c>is_running</c>).</summary>
    public const string FeedRunning = "tickwatch.feed.running";

    /// <summary><c>tickwatch_feed_last_message_age_seconds{feed}</c>; absent until the first message.</summary>
    public const string FeedLastMessageAge = "tickwatch.feed.last_message_age";

    /// <summary><c>tickwatch_feed_recording_frames_total{feed,outcome}</c>: frames of a recorded feed, <c>written</c>, <c>dropped</c> (queue full) or <c>failed</c> (file not writable).</summary>
    public const string FeedRecordingFrames = "tickwatch.feed.recording.frames";

    /// <summary><c>tickwatch_feed_recording_written_bytes_total{feed}</c>: bytes put in the recording's files, headers included.</summary>
    public const string FeedRecordingWritten = "tickwatch.feed.recording.written";

    /// <summary><c>tickwatch_feed_recording_current_file{feed,file}</c>: 1 for the file being written (its name, without the directory); absent between files.</summary>
    public const string FeedRecordingCurrentFile = "tickwatch.feed.recording.current_file";

    /// <summary><c>tickwatch_symbols{freshness}</c>: symbols <c>fresh</c>, <c>stale</c> and <c>missing</c>.</summary>
    public const string Symbols = "tickwatch.symbols";

    /// <summary><c>tickwatch_symbols_divergent</c>: symbols whose fresh feeds disagree by more than the symbol allows.</summary>
    public const string SymbolsDivergent = "tickwatch.symbols.divergent";

    /// <summary><c>tickwatch_quote_age_seconds{symbol}</c>: age of the book's quote; absent until the symbol has one.</summary>
    public const string QuoteAge = "tickwatch.quote.age";

    /// <summary><c>tickwatch_quote_max_age_seconds{symbol}</c>: the age past which the symbol's quote is stale.</summary>
    public const string QuoteMaxAge = "tickwatch.quote.max_age";

    /// <summary><c>tickwatch_book_updates_total{outcome}</c>: what the price book did with each update.</summary>
    public const string BookUpdates = "tickwatch.book.updates";

    /// <summary><c>tickwatch_book_rejections_total{reason}</c>: updates the book refused, by reason.</summary>
    public const string BookRejections = "tickwatch.book.rejections";

    /// <summary><c>tickwatch_store_writes_total{outcome}</c>: answered price writes, <c>written</c>, <c>refused_older</c> or <c>failed</c>.</summary>
    public const string StoreWrites = "tickwatch.store.writes";

    /// <summary><c>tickwatch_store_write_retries_total</c>: failed writes sent again.</summary>
    public const string StoreWriteRetries = "tickwatch.store.write.retries";

    /// <summary><c>tickwatch_store_quotes_offered_total</c>: quotes the book handed to the store writer.</summary>
    public const string StoreQuotesOffered = "tickwatch.store.quotes.offered";

    /// <summary><c>tickwatch_store_quotes_coalesced_total</c>: quotes replaced by a newer one before their write.</summary>
    public const string StoreQuotesCoalesced = "tickwatch.store.quotes.coalesced";

    /// <summary><c>tickwatch_store_publishes_total{outcome}</c>: written prices announced, <c>published</c> or <c>failed</c>.</summary>
    public const string StorePublishes = "tickwatch.store.publishes";

    /// <summary><c>tickwatch_store_pending_symbols</c>: symbols with a quote not yet written.</summary>
    public const string StorePendingSymbols = "tickwatch.store.pending_symbols";

    /// <summary><c>tickwatch_store_writes_in_flight</c>: writes sent and not yet answered.</summary>
    public const string StoreWritesInFlight = "tickwatch.store.writes.in_flight";

    /// <summary><c>tickwatch_store_consecutive_failed_batches</c>: 0 while the store is healthy.</summary>
    public const string StoreConsecutiveFailedBatches = "tickwatch.store.consecutive_failed_batches";

    /// <summary>
    /// <c>tickwatch_store_write_latency_seconds{stage,percentile}</c>: <c>p50</c>, <c>p90</c>, <c>p99</c>, <c>p99.9</c> and <c>max</c> over the writer's sliding window, stage
    /// <c>tick_to_store</c> (receipt to acknowledgement) or <c>round_trip</c> (one batch); NaN while the window is empty.
    /// </summary>
    public const string StoreWriteLatency = "tickwatch.store.write.latency";

    /// <summary><c>tickwatch_store_errors_total</c>: store errors of the process (writes, publishes, connection).</summary>
    public const string StoreErrors = "tickwatch.store.errors";

    /// <summary>
    /// <c>tickwatch_store_cross_node_resends_total{call}</c> (Redis store only): keys sent again one per call because the node of
    /// their call did not serve their slot (a stale slot map: master failover or slot migration), <c>call</c> = <c>write</c>
    /// (prices) or <c>seal</c> (fence keys at a feed's takeover).
    /// </summary>
    public const string StoreCrossNodeResends = "tickwatch.store.cross_node_resends";

    /// <summary><c>tickwatch_store_up</c>: 1 when the health monitor's last probe found the store usable (answered; cluster_state ok).</summary>
    public const string StoreUp = "tickwatch.store.up";

    /// <summary><c>tickwatch_store_ping_seconds</c>: round trip of the health monitor's last probe; NaN when it got no answer.</summary>
    public const string StorePing = "tickwatch.store.ping";

    /// <summary><c>tickwatch_redis_connected</c>: 1 while the multiplexer has a connection (Redis store only).</summary>
    public const string RedisConnected = "tickwatch.redis.connected";

    /// <summary><c>tickwatch_redis_connection_failures_total</c> (Redis store only).</summary>
    public const string RedisConnectionFailures = "tickwatch.redis.connection.failures";

    /// <summary><c>tickwatch_redis_timeouts_total</c> (Redis store only).</summary>
    public const string RedisTimeouts = "tickwatch.redis.timeouts";

    /// <summary><c>tickwatch_service_state{service,state}</c>: 1 for the background service's current state, 0 for the others.</summary>
    public const string ServiceState = "tickwatch.service.state";

    /// <summary><c>tickwatch_service_running{service}</c>: 1 while the background service runs.</summary>
    public const string ServiceRunning = "tickwatch.service.running";

    /// <summary><c>tickwatch_service_restarts_total{service}</c>.</summary>
    public const string ServiceRestarts = "tickwatch.service.restarts";

    /// <summary><c>tickwatch_service_faults_total{service}</c>: runs that ended by throwing.</summary>
    public const string ServiceFaults = "tickwatch.service.faults";

    /// <summary><c>tickwatch_system_memory_usage_ratio</c>: memory in use where the service runs (container limit or machine), 0–1.</summary>
    public const string SystemMemoryUsage = "tickwatch.system.memory.usage_ratio";
}
