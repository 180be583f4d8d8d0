namespace Tickwatch.LoadHarness;

/// <summary>What one run of the harness measures, from the command line.</summary>
internal sealed record HarnessSettings
{
    /// <summary>Feed sets to measure, each in its own run (e.g. JSON alone, protobuf alone, both at once).</summary>
    public required IReadOnlyList<ProtocolSelection> Protocols { get; init; }

    public required IReadOnlyList<ScenarioKind> Scenarios { get; init; }

    /// <summary>Synthetic symbols served on top of the 58 standard ones.</summary>
    public required int SyntheticSymbols { get; init; }

    public required int PricesPerFrame { get; init; }

    /// <summary>Price updates per second per feed; null runs as fast as the pipeline takes them.</summary>
    public required double? Rate { get; init; }

    public required TimeSpan Warmup { get; init; }

    public required TimeSpan Duration { get; init; }

    /// <summary>An already running <c>tickwatch quote-hub</c> to use instead of one in this process.</summary>
    public required Uri? HubUrl { get; init; }

    public required FileInfo? Output { get; init; }

    public required int Seed { get; init; }

    public required double PartialUpdateProbability { get; init; }
}
