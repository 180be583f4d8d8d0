using Tickwatch.Trading.Forensics;

namespace Tickwatch.Market.Forensics;

/// <summary>What the gateways said they showed a user of a symbol, and how each gateway answered.</summary>
/// <param name="Prices">Every price shown, oldest first.</param>
/// <param name="Sources">One line per gateway asked: how many prices it gave, or why it gave none.</param>
public sealed record ShownPriceEvidence(IReadOnlyList<ShownPrice> Prices, IReadOnlyList<string> Sources);
