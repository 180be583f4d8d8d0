namespace Tickwatch.Simulators.QuoteHub;

/// <summary>Body of <c>DELETE /control/faults</c>: how many faults were cleared.</summary>
public sealed record FaultsCleared(int Cleared);
