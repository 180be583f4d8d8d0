using System.Text.Json.Nodes;
using Tickwatch.Trading.Engine;

namespace Tickwatch.Market.Forensics;

/// <summary>The answer of <c>GET /api/debug/forensics/orders/{id}</c> (or <c>/refusals/{id}</c>).</summary>
/// <param name="Account">The account, <c>live:42</c>.</param>
/// <param name="Order">The order as the trading routes show it; null for a refusal.</param>
/// <param name="Refusal">The refusal as the engine journalled it; null for an order.</param>
/// <param name="Decisions">Each decision with its verdict: the open, then the close when there was one.</param>
/// <param name="ShownSources">How each gateway answered for what it showed.</param>
/// <param name="FeedSource">Where the feeds' prices at each decision came from, or why there are none.</param>
/// <param name="Note">Why there is no decision to explain yet (a resting order), else null.</param>
public sealed record OrderForensicsReport(
    string Account,
    JsonNode? Order,
    TradingRefusal? Refusal,
    IReadOnlyList<DecisionForensics> Decisions,
    IReadOnlyList<string> ShownSources,
    string FeedSource,
    string? Note);
