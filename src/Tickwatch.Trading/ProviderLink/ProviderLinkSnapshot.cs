namespace Tickwatch.Trading.ProviderLink;

/// <summary>The connection manager's state and figures, for <c>/api/debug/provider</c>, the comprehensive report, the diagnosis and metrics.</summary>
public sealed record ProviderLinkSnapshot
{
    public required bool Enabled { get; init; }

    /// <summary>The pending monitor's figures and recent cancels and holds; null where no monitor runs.</summary>
    public ProviderPendingMonitorSnapshot? PendingMonitor { get; init; }

    public required ProviderLinkState State { get; init; }

    public required string Endpoint { get; init; }

    /// <summary>Accounts routed to the provider when the store was last scanned (at start and at each connect).</summary>
    public int ProviderRoutedAccounts { get; init; }

    public DateTimeOffset? ConnectedSince { get; init; }

    public DateTimeOffset? DisconnectedSince { get; init; }

    public string? LastError { get; init; }

    public long Connections { get; init; }

    /// <summary>Connections tried, made or not.</summary>
    public long ConnectAttempts { get; init; }

    /// <summary>Connections after the first one.</summary>
    public long Reconnects { get; init; }

    public int QueueDepth { get; init; }

    public int QueueCapacity { get; init; }

    public long Sent { get; init; }

    /// <summary>Requests sent again after a connect (in flight at the time).</summary>
    public long Resent { get; init; }

    /// <summary>Requests refused because the link was down or the queue full.</summary>
    public long Refused { get; init; }

    public long ReportsReceived { get; init; }

    public long ReportsApplied { get; init; }

    public long DuplicatesIgnored { get; init; }

    /// <summary>Reports that no longer fitted their order.</summary>
    public long ReportsIgnored { get; init; }

    public long ApplyFailures { get; init; }

    /// <summary>Decoded messages that are not execution reports.</summary>
    public long UnexpectedMessages { get; init; }

    public long FramesDecoded { get; init; }

    public required IReadOnlyDictionary<string, long> FrameErrors { get; init; }

    public IReadOnlyList<ProviderInFlightOrder> InFlight { get; init; } = [];

    /// <summary>Orders owed an answer for longer than <see cref="ProviderLinkOptions.StuckAfter"/>.</summary>
    public int Stuck { get; init; }

    /// <summary>Age of the oldest request owed an answer, seconds; 0 when none.</summary>
    public double OldestAwaitingSeconds { get; init; }

    public IReadOnlyList<ProviderReportRecord> LastReports { get; init; } = [];

    public double ApplyLatencyP50Ms { get; init; }

    public double ApplyLatencyP99Ms { get; init; }
}
