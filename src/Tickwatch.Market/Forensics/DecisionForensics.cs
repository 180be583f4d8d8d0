using Tickwatch.Core.Trading;
using Tickwatch.Trading.Forensics;
using Tickwatch.Trading.Orders;

namespace Tickwatch.Market.Forensics;

/// <summary>One decision of the engine (an order's open or close, or a refusal) beside what the user was shown, with the verdict.</summary>
/// <param name="Decision"><c>open</c>, <c>close</c> or <c>refused</c>.</param>
/// <param name="DecidedAt">When the engine executed or refused.</param>
/// <param name="Symbol">The symbol.</param>
/// <param name="Side">The side of the execution itself (a BUY's close is a sell).</param>
/// <param name="ExecutedPrice">The price executed at; null for a refusal.</param>
/// <param name="Quote">The quote executed at or refused, with its lineage.</param>
/// <param name="HalfSpread">The group's half spread on the side executed at.</param>
/// <param name="ClientQuote">What the client sent with the order.</param>
/// <param name="Verdict">The main verdict.</param>
/// <param name="Summary">The answer in one sentence with the numbers.</param>
/// <param name="Findings">Every verdict that applies, the main one first.</param>
/// <param name="View">The shown price compared with.</param>
/// <param name="ViewPrice">The price the client saw on the side it traded.</param>
/// <param name="DifferencePips">Executed minus seen in pips, positive when worse for the client.</param>
/// <param name="FeedDivergencePips">The largest difference between the feeds' mids at the decision, in pips.</param>
/// <param name="Shown">The prices shown to the user of the symbol before the decision, newest last.</param>
/// <param name="Feeds">Each feed's price of the symbol at the decision.</param>
public sealed record DecisionForensics(
    string Decision,
    DateTimeOffset DecidedAt,
    string Symbol,
    TradeSide Side,
    decimal? ExecutedPrice,
    QuoteLineage? Quote,
    decimal HalfSpread,
    ClientQuote? ClientQuote,
    MismatchVerdict Verdict,
    string Summary,
    IReadOnlyList<MismatchFinding> Findings,
    ShownPrice? View,
    decimal? ViewPrice,
    decimal? DifferencePips,
    decimal? FeedDivergencePips,
    IReadOnlyList<ShownPrice> Shown,
    IReadOnlyList<FeedPrice> Feeds);
