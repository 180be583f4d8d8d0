namespace Tickwatch.Gateway.Streaming;

/// <summary>A portfolio as sent to clients (<c>{"type":"portfolio","portfolio":{…}}</c>), serialised once for every client of its account.</summary>
/// <param name="ComputedAt">When the market service computed it: a client is never sent an older one after a newer one.</param>
/// <param name="Json">The whole message, UTF-8.</param>
internal sealed record PortfolioMessage(DateTimeOffset ComputedAt, byte[] Json)
{
    /// <summary>True when <paramref name="latest"/> is newer, or this very portfolio: not worth sending after it.</summary>
    public bool IsNoNewerThan(PortfolioMessage latest) => ComputedAt < latest.ComputedAt || Json.AsSpan().SequenceEqual(latest.Json);
}
