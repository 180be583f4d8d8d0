namespace Tickwatch.Market.Startup;

/// <summary>One thing the market service needs before it starts, checked and logged at start-up as "✅ {Name}: {Outcome} ({Detail})".</summary>
/// <remarks>
/// Register one with <see cref="PrerequisiteServiceCollectionExtensions.AddPrerequisiteCheck{TCheck}"/>; checks run in registration order.
/// A failed critical check stops start-up, unless <c>Market:StartDegraded</c> is set: then the service starts
/// degraded and the check is repeated in the background until it passes.
/// </remarks>
public interface IPrerequisiteCheck
{
    /// <summary>What the log line names, e.g. <c>Redis cluster connectivity</c>.</summary>
    string Name { get; }

    /// <summary>Whether the service must not start (or must run degraded) while this check fails.</summary>
    bool IsCritical { get; }

    /// <summary>Checks once. Throwing, or not answering within <c>Startup:CheckTimeout</c>, counts as failing.</summary>
    Task<PrerequisiteResult> CheckAsync(CancellationToken cancellationToken);
}
