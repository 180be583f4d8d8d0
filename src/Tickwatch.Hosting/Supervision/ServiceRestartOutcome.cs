namespace Tickwatch.Hosting.Supervision;

/// <summary>What a restart request achieved within the shutdown timeout.</summary>
/// <param name="Restarted">The service's new run has begun (it may have ended since).</param>
/// <param name="Service">The service's state after the request.</param>
public sealed record ServiceRestartOutcome(bool Restarted, SupervisedServiceSnapshot Service);
