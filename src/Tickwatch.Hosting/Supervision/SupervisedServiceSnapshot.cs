namespace Tickwatch.Hosting.Supervision;

/// <summary>One supervised service at one instant, as <c>/api/debug/services</c> shows it.</summary>
public sealed record SupervisedServiceSnapshot
{
    public required string Name { get; init; }

    public required string DisplayName { get; init; }

    public required ServiceState State { get; init; }

    /// <summary>Runs begun after the first one: after faults and on request.</summary>
    public required int Restarts { get; init; }

    /// <summary>Runs that ended by throwing.</summary>
    public required int Faults { get; init; }

    /// <summary>When the current (or last) run began; null before the first.</summary>
    public required DateTimeOffset? StartedAt { get; init; }

    /// <summary>Age of the current run in seconds; null unless running.</summary>
    public required double? UptimeSeconds { get; init; }

    public required ServiceError? LastError { get; init; }

    /// <summary>When the next run begins, while waiting out the backoff delay.</summary>
    public required DateTimeOffset? NextRestartAt { get; init; }

    /// <summary>How the last run ended: <c>faulted</c>, <c>completed</c>, <c>restart requested</c> or <c>shutdown</c>.</summary>
    public required string? LastExit { get; init; }
}
