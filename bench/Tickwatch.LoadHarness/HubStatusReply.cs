using Tickwatch.Simulators.QuoteHub;

namespace Tickwatch.LoadHarness;

/// <summary>The parts of the hub's <c>GET /control/status</c> the harness reads.</summary>
internal sealed record HubStatusReply(
    string SlowClientPolicy,
    int MaxPricesPerFrame,
    long UpdatesGenerated,
    IReadOnlyList<FeedStatus> Feeds,
    IReadOnlyList<string> Symbols);
