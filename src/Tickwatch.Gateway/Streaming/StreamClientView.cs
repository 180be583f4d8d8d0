namespace Tickwatch.Gateway.Streaming;

/// <summary>One connected stream client in <c>/api/debug/streams</c>.</summary>
/// <param name="Id">The gateway's number for it.</param>
/// <param name="User">The token's user, <c>type:id</c>.</param>
/// <param name="CorrelationId">Of the request that opened it.</param>
/// <param name="ConnectedAt">When it connected.</param>
/// <param name="Symbols">What it subscribed to.</param>
/// <param name="PricesSent">Prices sent to it.</param>
/// <param name="MessagesSent">Messages those prices went in.</param>
/// <param name="PricesConflated">Prices replaced by a newer one before it could be sent them.</param>
/// <param name="Portfolio">Whether it follows its account's <c>portfolio</c> channel.</param>
/// <param name="PortfoliosSent">Portfolios sent to it.</param>
/// <param name="OrdersSent">Order changes sent to it.</param>
/// <param name="LagMs">How long its oldest waiting price has waited.</param>
/// <param name="Closing">Why it is being disconnected, if it is.</param>
public sealed record StreamClientView(
    long Id,
    string User,
    string CorrelationId,
    DateTimeOffset ConnectedAt,
    IReadOnlyList<string> Symbols,
    long PricesSent,
    long MessagesSent,
    long PricesConflated,
    bool Portfolio,
    long PortfoliosSent,
    long OrdersSent,
    double LagMs,
    string? Closing);
