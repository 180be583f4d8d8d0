namespace Tickwatch.Hosting.Supervision;

/// <summary>How background services are restarted and stopped (section <c>Supervisor</c>).</summary>
public sealed class SupervisorOptions
{
    public const string SectionName = "Supervisor";

    /// <summary>Time each service gets to stop at shutdown (and on a restart request) before it is reported as not stopping.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Delay before the first restart after a fault; doubles per consecutive fault.</summary>
    public TimeSpan RestartInitialDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Largest delay between restarts.</summary>
    public TimeSpan RestartMaxDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>A run that lasted this long before faulting counts as stable: the next restart delay starts over.</summary>
    public TimeSpan StableAfter { get; set; } = TimeSpan.FromMinutes(1);
}
