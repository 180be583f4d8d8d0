namespace Tickwatch.Hosting.Supervision;

/// <summary>Where a supervised service is in its life.</summary>
public enum ServiceState
{
    /// <summary>Registered; its first run has not begun.</summary>
    Starting,

    /// <summary>Its <see cref="ISupervisedService.RunAsync"/> is executing.</summary>
    Running,

    /// <summary>Its last run threw; the restart delay has not been scheduled yet.</summary>
    Faulted,

    /// <summary>Waiting out the backoff delay after a fault, or being restarted on request.</summary>
    Restarting,

    /// <summary>Asked to stop (shutdown) and not stopped yet; stays so when it never stops.</summary>
    Stopping,

    /// <summary>Not running: the host stopped it, or it finished its work.</summary>
    Stopped,
}
