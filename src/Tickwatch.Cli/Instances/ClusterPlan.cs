namespace Tickwatch.Cli.Instances;

/// <summary>What <c>tickwatch up --instances N</c> runs, in the order it starts them: simulators, market services, gateways.</summary>
/// <param name="Simulators">The quote hub and the execution gateway, those it starts.</param>
/// <param name="Markets">The market services, <c>market-a</c>, <c>market-b</c>, …, in Leased mode on one Redis Cluster.</param>
/// <param name="Gateways">The gateways, <c>gateway-a</c>, …, each calling every market service.</param>
/// <param name="Redis">The Redis Cluster's seed list.</param>
/// <param name="ProviderLink">The execution gateway's link endpoint (<c>host:port</c>) when the market services' provider link goes there.</param>
internal sealed record ClusterPlan(
    IReadOnlyList<ChildRole> Simulators,
    IReadOnlyList<ChildRole> Markets,
    IReadOnlyList<ChildRole> Gateways,
    string Redis,
    string? ProviderLink)
{
    /// <summary>The gateways' client-token signing key when none is configured: made for this run, so that a demo token can be shown.</summary>
    public string? SigningKey { get; init; }

    /// <summary>Every role, in start order.</summary>
    public IEnumerable<ChildRole> All => Simulators.Concat(Markets).Concat(Gateways);
}
