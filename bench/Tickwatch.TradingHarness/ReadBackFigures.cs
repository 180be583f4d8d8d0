namespace Tickwatch.TradingHarness;

/// <summary>Stored portfolios read back from the store at the end of a run.</summary>
/// <param name="Read">Accounts read.</param>
/// <param name="Missing">Accounts with no stored portfolio.</param>
/// <param name="Degraded">Stored portfolios marked degraded.</param>
/// <param name="WithoutMarginLevel">Valued portfolios without a margin level.</param>
/// <param name="WithoutHeldSequence">Portfolios not naming the quote of every symbol the account holds.</param>
/// <param name="AgeP50Ms">Median age of the stored portfolios (now minus their <c>ts</c>) while prices run.</param>
/// <param name="AgeMaxMs">Oldest of them.</param>
internal sealed record ReadBackFigures(int Read, int Missing, int Degraded, int WithoutMarginLevel, int WithoutHeldSequence, double AgeP50Ms, double AgeMaxMs)
{
    public bool Passed => Missing == 0 && Degraded == 0 && WithoutMarginLevel == 0 && WithoutHeldSequence == 0;
}
