using Tickwatch.Core.Trading;
using Tickwatch.Trading.Orders;

namespace Tickwatch.Trading.Engine;

/// <summary>One refused request, as <c>/api/debug/trading</c> lists it and the forensics find it by <see cref="Id"/>.</summary>
/// <param name="At">When.</param>
/// <param name="Action">place, close, cancel, modify or fill.</param>
/// <param name="Account">The account, <c>live:42</c>.</param>
/// <param name="Subject">The symbol or order it concerned.</param>
/// <param name="Reason">The wire reason, <c>STALE_PRICE</c>.</param>
/// <param name="Detail">The sentence given to the client.</param>
public sealed record TradingRefusal(DateTimeOffset At, string Action, string Account, string Subject, string Reason, string Detail)
{
    /// <summary>The refusal's id, given to the client with it (<c>refusal_id</c>).</summary>
    public string Id { get; init; } = string.Empty;

    /// <summary>The symbol the request was for, when it named or held one.</summary>
    public string? Symbol { get; init; }

    /// <summary>The quote refused (too old, or requoted from), when the book held one.</summary>
    public QuoteLineage? Quote { get; init; }

    /// <summary>For a requote: the price the order would have executed at.</summary>
    public decimal? ExecutablePrice { get; init; }

    /// <summary>The side the refused execution would have taken (a placement's), when known.</summary>
    public TradeSide? Side { get; init; }

    /// <summary>What the client said it saw, for a placement that carried it.</summary>
    public ClientQuote? ClientQuote { get; init; }
}
