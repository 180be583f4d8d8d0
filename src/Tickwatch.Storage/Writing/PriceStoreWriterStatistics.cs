using System.Text.Json.Serialization;
namespace Tickwatch.Storage.Writing;

/// <summary>A point-in-time copy of the store writer's counters, as <c>/api/debug/redis-cluster</c> shows them under <c>performance</c>.</summary>
/// <remarks>
/// Every quote offered ends in exactly one of: coalesced (never written because a newer one of its symbol replaced
/// it, or the store held newer), taken for a write, or still pending. Rates are per second over the last
/// <see cref="RateWindowSeconds"/> completed seconds; latencies over <see cref="LatencyWindowSeconds"/>.
/// </remarks>
public sealed record PriceStoreWriterStatistics
{
    [JsonPropertyName("state")]
    public required string State { get; init; }

    /// <summary><c>in_memory</c> or <c>redis_cluster</c>.</summary>
    [JsonPropertyName("store")]
    public required string Store { get; init; }

    /// <summary>Quotes the price book handed to the writer (warm-up quotes excluded).</summary>
    [JsonPropertyName("quotes_offered")]
    public required long QuotesOffered { get; init; }

    /// <summary>Quotes dropped because a newer quote of the same symbol replaced them before their write, or the store already held newer.</summary>
    [JsonPropertyName("quotes_coalesced")]
    public required long QuotesCoalesced { get; init; }

    /// <summary>Warm-up quotes (loaded from the store) that were not written back.</summary>
    [JsonPropertyName("warmup_quotes_ignored")]
    public required long WarmupQuotesIgnored { get; init; }

    /// <summary>Price writes sent to the store, retries included.</summary>
    [JsonPropertyName("writes")]
    public required long Writes { get; init; }

    [JsonPropertyName("written")]
    public required long Written { get; init; }

    /// <summary>Writes the store refused because it held an equal or newer version.</summary>
    [JsonPropertyName("refused_older")]
    public required long RefusedOlder { get; init; }

    /// <summary>Writes that replaced a stored version from the future (beyond the allowed clock skew), which would have frozen the symbol.</summary>
    [JsonPropertyName("future_versions_replaced")]
    public long FutureVersionsReplaced { get; init; }

    /// <summary>Writes the store refused because the feed's fence held a newer token: another instance took the feed over.</summary>
    [JsonPropertyName("refused_fenced")]
    public long RefusedFenced { get; init; }

    /// <summary>Quotes taken into the book from another instance's writes, which that instance stored already and this one does not write back.</summary>
    [JsonPropertyName("replicated_quotes_ignored")]
    public long ReplicatedIgnored { get; init; }

    /// <summary>Quotes of a feed whose lease this instance does not hold (it was lost or dropped before their write): not written.</summary>
    [JsonPropertyName("not_held_quotes_ignored")]
    public long NotHeldIgnored { get; init; }

    /// <summary>Writes that failed (the price is retried unless a newer one replaces it).</summary>
    [JsonPropertyName("failed")]
    public required long Failed { get; init; }

    /// <summary>Failed writes sent again.</summary>
    [JsonPropertyName("retries")]
    public required long Retries { get; init; }

    [JsonPropertyName("batches")]
    public required long Batches { get; init; }

    /// <summary>Written prices announced to subscribers (only written ones ever are).</summary>
    [JsonPropertyName("publishes")]
    public required long Publishes { get; init; }

    [JsonPropertyName("publish_failed")]
    public required long PublishFailed { get; init; }

    /// <summary>Price writes sent and not yet answered.</summary>
    [JsonPropertyName("in_flight")]
    public required long InFlight { get; init; }

    /// <summary>Symbols waiting in the ready queue for a write.</summary>
    [JsonPropertyName("queue_depth")]
    public required long QueueDepth { get; init; }

    /// <summary>Symbols whose failed write waits for its retry.</summary>
    [JsonPropertyName("awaiting_retry")]
    public required long AwaitingRetry { get; init; }

    /// <summary>Symbols with a quote not yet written (queued, behind a write in flight, or awaiting retry).</summary>
    [JsonPropertyName("pending_symbols")]
    public required long PendingSymbols { get; init; }

    /// <summary>Symbols the writer has seen.</summary>
    [JsonPropertyName("symbols")]
    public required long Symbols { get; init; }

    [JsonPropertyName("write_rate_per_second")]
    public required double WriteRatePerSecond { get; init; }

    [JsonPropertyName("offer_rate_per_second")]
    public required double OfferRatePerSecond { get; init; }

    /// <summary>Quotes offered per price written (1 when nothing is coalesced).</summary>
    [JsonPropertyName("coalescing_ratio")]
    public required double CoalescingRatio { get; init; }

    [JsonPropertyName("rate_window_seconds")]
    public required int RateWindowSeconds { get; init; }

    /// <summary>From the quote's local receipt (received_at) to the store's acknowledgement of its write.</summary>
    [JsonPropertyName("tick_to_store_latency")]
    public required LatencySummary TickToStoreLatency { get; init; }

    /// <summary>One batch's round trip to the store, from send to the last reply.</summary>
    [JsonPropertyName("store_round_trip")]
    public required LatencySummary StoreRoundTrip { get; init; }

    [JsonPropertyName("latency_window_seconds")]
    public required double LatencyWindowSeconds { get; init; }

    /// <summary>Batches in a row with at least one failed write; 0 when the store is healthy.</summary>
    [JsonPropertyName("consecutive_failed_batches")]
    public required int ConsecutiveFailedBatches { get; init; }

    /// <summary>When the failed writes now waiting will be sent again; null when no retry is waiting.</summary>
    [JsonPropertyName("next_retry_at")]
    public required DateTimeOffset? NextRetryAt { get; init; }

    [JsonPropertyName("last_write_at")]
    public required DateTimeOffset? LastWriteAt { get; init; }

    [JsonPropertyName("last_error")]
    public required StoreError? LastError { get; init; }
}
