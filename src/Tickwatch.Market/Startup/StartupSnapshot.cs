namespace Tickwatch.Market.Startup;

/// <summary>How start-up validation went and whether the service still runs degraded.</summary>
/// <param name="ValidatedAt">When the prerequisites were first checked; null before.</param>
/// <param name="PassedPercent">Share of prerequisites that passed at start-up, 0–100.</param>
/// <param name="Degraded">A critical prerequisite failed and the service started anyway (<c>Market:StartDegraded</c>); false again once it passes.</param>
/// <param name="DegradedSince">When degraded running began.</param>
/// <param name="Prerequisites">Each prerequisite's latest result.</param>
public sealed record StartupSnapshot(
    DateTimeOffset? ValidatedAt,
    double PassedPercent,
    bool Degraded,
    DateTimeOffset? DegradedSince,
    IReadOnlyList<PrerequisiteRecord> Prerequisites);
