using Tickwatch.Core.Symbols;
using Tickwatch.Feeds.Codecs;

namespace Tickwatch.Simulators.QuoteHub;

/// <summary>Settings of the quote hub (section <c>QuoteHub</c>), validated at start-up by <see cref="QuoteHubOptionsValidator"/>.</summary>
public sealed class QuoteHubOptions
{
    public const string SectionName = "QuoteHub";

    /// <summary>IP address to listen on, or <c>localhost</c>.</summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>TCP port; 0 picks any free port (read it back with <see cref="QuoteHubHost.GetBaseAddress"/>).</summary>
    public int Port { get; set; } = 9001;

    /// <summary>
    /// When set, feed clients must pass it as <c>?token=</c>; control requests from other hosts than loopback too.
    /// Required when <see cref="BindAddress"/> is not a loopback address.
    /// </summary>
    public string? Token { get; set; }

    /// <summary>
    /// When set, clients of the Binance SBE feeds must send it in the <c>X-MBX-APIKEY</c> header of the upgrade, as the
    /// venue requires an API key there (<c>TICKWATCH_QuoteHub__ApiKey</c>; a secret, keep it out of files).
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>Most faults active at once; one more is refused with 409 until some end or are cleared.</summary>
    public int MaxActiveFaults { get; set; } = 100;

    /// <summary>The feeds served; empty means the reference pair (<c>json</c> at <c>/ws/json</c>, <c>binary</c> at <c>/ws/binary</c>).</summary>
    /// <remarks>Empty by default because the configuration binder appends to, rather than replaces, a pre-filled list.</remarks>
    public IList<QuoteHubFeedOptions> Feeds { get; set; } = [];

    /// <summary>Symbols of <see cref="StandardInstruments"/> to serve; empty means all of them.</summary>
    public IList<string> Symbols { get; set; } = [];

    /// <summary>Extra synthetic FX-like symbols <c>SYN0001</c>… for load tests.</summary>
    public int SyntheticSymbols { get; set; }

    /// <summary>Every instrument ticks at its typical rate times this; 0 pauses the generator.</summary>
    public double RateMultiplier { get; set; } = 1;

    /// <summary>When set, the multiplier is chosen so that all symbols together send this many updates per second.</summary>
    public double? TargetUpdatesPerSecond { get; set; }

    /// <summary>How often the generator wakes to send the ticks that fell due.</summary>
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Largest number of prices in one frame.</summary>
    public int MaxPricesPerFrame { get; set; } = 50;

    /// <summary>Chance that a tick sends one side only.</summary>
    public double PartialUpdateProbability { get; set; } = 0.1;

    /// <summary>Seed of the price model and fault randomness; null for a random seed.</summary>
    public int? Seed { get; set; }

    /// <summary>Whether the background generator runs; tests can switch it off and drive the hub through <see cref="QuoteHubEngine"/>.</summary>
    public bool GenerateTicks { get; set; } = true;

    public SlowClientPolicy SlowClientPolicy { get; set; } = SlowClientPolicy.Drop;

    /// <summary>Frames queued per connection before the slow-client policy applies.</summary>
    public int ConnectionQueueCapacity { get; set; } = 1024;

    /// <summary>The feeds in effect: <see cref="Feeds"/>, or the reference pair when none are configured.</summary>
    public IReadOnlyList<QuoteHubFeedOptions> ResolveFeeds() =>
        Feeds.Count > 0
            ? [.. Feeds]
            :
            [
                new() { Name = "json", Protocol = FeedProtocol.Json, Path = "/ws/json" },
                new() { Name = "binary", Protocol = FeedProtocol.Protobuf, Path = "/ws/binary" },
            ];

    /// <summary>The instruments in effect: the chosen standard ones followed by the synthetic ones. Unknown names are skipped (validation reports them).</summary>
    public IReadOnlyList<InstrumentSpec> ResolveInstruments()
    {
        var standard = Symbols.Count == 0
            ? StandardInstruments.All
            : [.. Symbols.Select(StandardInstruments.Find).OfType<InstrumentSpec>()];
        return SyntheticSymbols > 0 ? [.. standard, .. SyntheticInstruments.Create(SyntheticSymbols)] : standard;
    }
}
