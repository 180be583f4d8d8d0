using Tickwatch.Core.Prices;
using Tickwatch.Storage.Prices;
using Tickwatch.Storage.Publishing;

namespace Tickwatch.Testing.Hosts;

/// <summary>Writes prices the way the market service's store writer does: newer-wins into the store, then announces only what was written.</summary>
public sealed class MarketPriceWriter(IPriceStore store, IPriceAnnouncer publisher)
{
    /// <summary>A live price of <paramref name="symbol"/> with book sequence <paramref name="sequence"/>, received at <paramref name="receivedAt"/>.</summary>
    public static StoredPrice Price(string symbol, long sequence, decimal bid, decimal ask, DateTimeOffset receivedAt, string feed = "json") =>
        new()
        {
            Symbol = symbol,
            Bid = bid,
            Ask = ask,
            Feed = feed,
            ReceivedAt = receivedAt,
            SourceTime = receivedAt,
            SourceSequence = sequence,
            BookSequence = sequence,
            Version = new PriceVersion(PriceVersion.ToUnixMicros(receivedAt), sequence),
        };

    /// <summary>Writes and announces <paramref name="prices"/>; returns them as the store now holds them.</summary>
    public async Task<IReadOnlyList<StoredPrice>> WriteAsync(params StoredPrice[] prices)
    {
        var results = await store.WriteAsync(prices, CancellationToken.None).ConfigureAwait(false);
        var failed = results.Where(r => r.Outcome == PriceWriteOutcome.Failed).ToList();
        if (failed.Count > 0)
        {
            throw new InvalidOperationException($"{failed.Count} prices were not written: {failed[0].Error?.Message}");
        }

        await publisher.PublishAsync(results, CancellationToken.None).ConfigureAwait(false);
        return [.. results.Where(r => r.IsWritten).Select(r => r.Price)];
    }
}
