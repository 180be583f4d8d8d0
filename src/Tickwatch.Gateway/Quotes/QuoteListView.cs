namespace Tickwatch.Gateway.Quotes;

/// <summary>The body of <c>GET /api/quotes</c>.</summary>
/// <param name="Timestamp">The gateway's clock when the prices were read; every age is measured from it.</param>
/// <param name="Count">Quotes returned.</param>
/// <param name="Fresh">How many of them are fresh.</param>
/// <param name="Quotes">One per symbol, in symbol order.</param>
public sealed record QuoteListView(DateTimeOffset Timestamp, int Count, int Fresh, IReadOnlyList<QuoteView> Quotes);
