namespace Tickwatch.Simulators.QuoteHub;

/// <summary>Body of <c>GET /control/status</c>.</summary>
/// <param name="Now">The hub's clock.</param>
/// <param name="StartedAt">When the hub was built, on its clock.</param>
/// <param name="Seed">Seed of the price model, to reproduce a run.</param>
/// <param name="Generator">State of the background generator.</param>
/// <param name="Rate">Requested and measured update rate.</param>
/// <param name="UpdatesGenerated">Ticks the model generated since start, over all symbols.</param>
/// <param name="SlowClientPolicy"><c>drop</c> or <c>backpressure</c>.</param>
/// <param name="ConnectionQueueCapacity">Frames queued per connection.</param>
/// <param name="MaxPricesPerFrame">Largest frame, in prices.</param>
/// <param name="PartialUpdateProbability">Chance that a tick sends one side only.</param>
/// <param name="Feeds">Every feed with its connections and counters.</param>
/// <param name="Faults">Faults in force.</param>
/// <param name="Symbols">Symbols served.</param>
public sealed record QuoteHubStatus(
    DateTimeOffset Now,
    DateTimeOffset StartedAt,
    int Seed,
    GeneratorStatus Generator,
    RateView Rate,
    long UpdatesGenerated,
    string SlowClientPolicy,
    int ConnectionQueueCapacity,
    int MaxPricesPerFrame,
    double PartialUpdateProbability,
    IReadOnlyList<FeedStatus> Feeds,
    IReadOnlyList<FaultView> Faults,
    IReadOnlyList<string> Symbols);
