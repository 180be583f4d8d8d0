namespace Tickwatch.Market.Startup;

/// <summary>Start-up stopped because a critical prerequisite failed and the service is not allowed to start degraded.</summary>
public sealed class StartupValidationException : Exception
{
    public StartupValidationException()
        : this([])
    {
    }

    public StartupValidationException(string message)
        : base(message)
    {
        Failures = [];
    }

    public StartupValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Failures = [];
    }

    public StartupValidationException(IReadOnlyList<PrerequisiteRecord> failures)
        : base(Describe(failures))
    {
        Failures = failures;
    }

    /// <summary>The critical prerequisites that failed.</summary>
    public IReadOnlyList<PrerequisiteRecord> Failures { get; }

    private static string Describe(IReadOnlyList<PrerequisiteRecord> failures) =>
        "Start-up stopped: " + (failures.Count == 0
            ? "a critical prerequisite failed"
            : string.Join("; ", failures.Select(f => $"{f.Name}: {f.Outcome} ({f.Detail})")))
        + ". Fix it, or set Market:StartDegraded=true to start degraded and keep retrying.";
}
