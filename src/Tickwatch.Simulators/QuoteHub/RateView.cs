namespace Tickwatch.Simulators.QuoteHub;

/// <summary>The generator's rate: what is asked for and what it achieved.</summary>
/// <param name="Multiplier">Each instrument's typical rate is multiplied by this; 0 is paused.</param>
/// <param name="TargetUpdatesPerSecond">All symbols together at this multiplier.</param>
/// <param name="MeasuredUpdatesPerSecond">Updates generated per second over the last second or so.</param>
public sealed record RateView(double Multiplier, double TargetUpdatesPerSecond, double MeasuredUpdatesPerSecond);
