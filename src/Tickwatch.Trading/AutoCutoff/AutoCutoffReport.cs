using System.Text.Json.Serialization;
using Tickwatch.Storage.Writing;

namespace Tickwatch.Trading.AutoCutoff;

/// <summary><c>/api/debug/autocutoff</c>: the watcher's state, what it watches and holds, its stop-outs and locks, its decisions and its e-mail.</summary>
public sealed record AutoCutoffReport
{
    /// <summary><c>not_started</c>, <c>running</c>, <c>stopped</c>, <c>faulted</c> (<c>disabled</c> when off).</summary>
    [JsonPropertyName("state")]
    public required string State { get; init; }

    [JsonPropertyName("owner")]
    public required string Owner { get; init; }

    /// <summary>Accounts whose portfolio the watcher has seen.</summary>
    [JsonPropertyName("accounts_watched")]
    public int AccountsWatched { get; init; }

    /// <summary>Accounts last seen at or below their cutoff level.</summary>
    [JsonPropertyName("accounts_at_risk")]
    public int AccountsAtRisk { get; init; }

    /// <summary>Accounts whose figures cannot be acted on now.</summary>
    [JsonPropertyName("accounts_held")]
    public int AccountsHeld { get; init; }

    /// <summary>How many times each decision was made.</summary>
    [JsonPropertyName("decisions")]
    public IReadOnlyDictionary<string, long> Decisions { get; init; } = new Dictionary<string, long>();

    /// <summary>How many times an account came to be held, per reason.</summary>
    [JsonPropertyName("holds")]
    public IReadOnlyDictionary<string, long> Holds { get; init; } = new Dictionary<string, long>();

    [JsonPropertyName("held")]
    public IReadOnlyList<AutoCutoffHeldAccount> Held { get; init; } = [];

    /// <summary>Closes of provider-routed positions asked by stop-outs, by outcome: requested, filled, rejected, timed_out.</summary>
    [JsonPropertyName("provider_closes")]
    public IReadOnlyDictionary<string, long> ProviderCloses { get; init; } = new Dictionary<string, long>();

    /// <summary>Stop-outs running in this service, each with its lock (fence token, holder, last renewal).</summary>
    [JsonPropertyName("stop_outs")]
    public IReadOnlyList<AutoCutoffStopOutView> StopOuts { get; init; } = [];

    [JsonPropertyName("closes")]
    public long Closes { get; init; }

    [JsonPropertyName("locks_lost")]
    public long LocksLost { get; init; }

    [JsonPropertyName("record_failures")]
    public long RecordFailures { get; init; }

    [JsonPropertyName("action_failures")]
    public long ActionFailures { get; init; }

    /// <summary>From the quote that breached a liquidation level to the first close committed (last 5 minutes).</summary>
    [JsonPropertyName("first_close_latency")]
    public LatencySummary FirstCloseLatency { get; init; } = LatencySummary.Empty;

    [JsonPropertyName("lock_ttl_seconds")]
    public double LockTtlSeconds { get; init; }

    [JsonPropertyName("margin_call_interval_seconds")]
    public double MarginCallIntervalSeconds { get; init; }

    [JsonPropertyName("mail")]
    public MarginCallMailStatistics? Mail { get; init; }

    /// <summary>The newest decisions first.</summary>
    [JsonPropertyName("recent")]
    public IReadOnlyList<AutoCutoffRecord> Recent { get; init; } = [];
}
