namespace Tickwatch.Simulators.QuoteHub;

/// <summary>Body of <c>POST /control/rate</c>: exactly one of the two.</summary>
public sealed class RateRequest
{
    /// <summary>Multiplier of every instrument's typical rate; 0 pauses the generator.</summary>
    public double? Multiplier { get; set; }

    /// <summary>Total updates per second over all symbols.</summary>
    public double? UpdatesPerSecond { get; set; }
}
