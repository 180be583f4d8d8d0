namespace Tickwatch.Trading.Forensics;

/// <summary>One price the gateway sent a user for a symbol.</summary>
/// <param name="BookSequence">The book sequence of the price.</param>
/// <param name="Bid">The bid shown.</param>
/// <param name="Ask">The ask shown.</param>
/// <param name="Feed">The feed the price came from.</param>
/// <param name="ReceivedAt">When the market service received the price.</param>
/// <param name="SentAt">When the gateway sent it to the user.</param>
/// <param name="NewerPrices">How many newer prices of the symbol the gateway already had when it sent this one.</param>
/// <param name="Channel"><c>stream</c> or <c>quotes</c>.</param>
public sealed record ShownPrice(long BookSequence, decimal Bid, decimal Ask, string Feed, DateTimeOffset ReceivedAt, DateTimeOffset SentAt, long NewerPrices, string Channel)
{
    /// <summary>The price's age when it was sent.</summary>
    public TimeSpan AgeWhenSent => SentAt - ReceivedAt;
}
