namespace Tickwatch.Trading.Forensics;

/// <summary>How market fills compared with the prices their clients sent, over the last <see cref="WindowSeconds"/> and since start.</summary>
/// <param name="WindowSeconds">The window of the recent figures.</param>
/// <param name="ThresholdPips">A fill this many pips worse than the client's price differs.</param>
/// <param name="UnusualRate">The share of differing fills the diagnosis calls unusual.</param>
/// <param name="Fills">Market fills in the window.</param>
/// <param name="Compared">Of them, fills whose client sent the price it saw.</param>
/// <param name="Differing">Of those, fills worse than the client's price by more than the threshold.</param>
/// <param name="WithoutQuote">Fills whose client sent no price (nothing to compare).</param>
/// <param name="DifferingRate">Differing / compared in the window; null when nothing was compared.</param>
/// <param name="Worst">The worst differing fills of the window, worst first, each with its forensics route.</param>
/// <param name="ComparedSinceStart">Compared fills since start.</param>
/// <param name="DifferingSinceStart">Differing fills since start.</param>
/// <param name="WithoutQuoteSinceStart">Fills without a client price since start.</param>
public sealed record ViewMismatchStatistics(
    int WindowSeconds,
    decimal ThresholdPips,
    double UnusualRate,
    long Fills,
    long Compared,
    long Differing,
    long WithoutQuote,
    double? DifferingRate,
    IReadOnlyList<ViewMismatch> Worst,
    long ComparedSinceStart,
    long DifferingSinceStart,
    long WithoutQuoteSinceStart);
