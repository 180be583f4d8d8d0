namespace Tickwatch.Trading.Forensics;

/// <summary>A feed's last price of a symbol at an instant.</summary>
/// <param name="Feed">The feed's name.</param>
/// <param name="Bid">Its bid.</param>
/// <param name="Ask">Its ask.</param>
/// <param name="ReceivedAt">When it was received.</param>
public sealed record FeedPrice(string Feed, decimal Bid, decimal Ask, DateTimeOffset ReceivedAt)
{
    public decimal Mid => (Bid + Ask) / 2m;
}
