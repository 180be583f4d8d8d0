using Tickwatch.Simulators.QuoteHub;

namespace Tickwatch.BenchSupport;

/// <summary>The parts of the hub's <c>GET /control/status</c> the harnesses read.</summary>
/// <param name="SlowClientPolicy"><c>drop</c> or <c>backpressure</c>.</param>
/// <param name="MaxPricesPerFrame">Largest frame, in prices.</param>
/// <param name="UpdatesGenerated">Ticks the model generated since start, over all symbols.</param>
/// <param name="Feeds">Every feed with its connections and counters.</param>
/// <param name="Symbols">Symbols served.</param>
/// <param name="Rate">The generator's rate, to restore it after changing it.</param>
public sealed record HubStatusReply(
    string SlowClientPolicy,
    int MaxPricesPerFrame,
    long UpdatesGenerated,
    IReadOnlyList<FeedStatus> Feeds,
    IReadOnlyList<string> Symbols,
    RateView? Rate = null);
