namespace Tickwatch.Trading.Forensics;

/// <summary>The answer to "the price I was shown is not the price I got": the verdict, every finding, and the figures.</summary>
/// <param name="Verdict">The main verdict.</param>
/// <param name="Summary">One sentence with the numbers.</param>
/// <param name="Findings">Every verdict that applies, the main one first.</param>
/// <param name="View">The shown price the comparison used (the one the client named, else the last shown before the decision).</param>
/// <param name="ViewPrice">The price the client saw on the side it traded (its seen price, else the shown bid or ask).</param>
/// <param name="DifferencePips">Executed (or executable) minus seen, in pips, positive when worse for the client.</param>
/// <param name="FeedDivergencePips">The largest difference between the feeds' mids at the decision, in pips.</param>
public sealed record MismatchAnswer(
    MismatchVerdict Verdict,
    string Summary,
    IReadOnlyList<MismatchFinding> Findings,
    ShownPrice? View,
    decimal? ViewPrice,
    decimal? DifferencePips,
    decimal? FeedDivergencePips);
