using System.Collections.Concurrent;
using Tickwatch.Storage.Prices;

namespace Tickwatch.Storage.Tests.Prices;

/// <summary>Old-form price keys held in memory, as an earlier Tickwatch would have left them, for the migration's tests without a server.</summary>
internal sealed class InMemoryOldPriceKeys : IOldPriceKeys
{
    private readonly ConcurrentDictionary<string, StoredPrice> _prices = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unreadable = new(StringComparer.Ordinal);

    /// <summary>Called once per delete, before it compares: a test may change the old key there, as a racing writer would.</summary>
    public Action<string>? BeforeDelete { get; set; }

    public void Put(StoredPrice price) => _prices[price.Symbol] = price;

    public void PutUnreadable(string symbol) => _unreadable.Add(symbol);

    public bool Exists(string symbol) => _prices.ContainsKey(symbol) || _unreadable.Contains(symbol);

    public Task<OldPriceRead> ReadManyAsync(IReadOnlyList<string> symbols, CancellationToken cancellationToken)
    {
        var prices = symbols.Where(_prices.ContainsKey).Select(s => _prices[s]).ToArray();
        return Task.FromResult(new OldPriceRead(prices, [.. symbols.Where(_unreadable.Contains)]));
    }

    public Task<bool> DeleteAsync(StoredPrice price, CancellationToken cancellationToken)
    {
        BeforeDelete?.Invoke(price.Symbol);
        if (!_prices.TryGetValue(price.Symbol, out var current))
        {
            return Task.FromResult(true);
        }

        return Task.FromResult(current.Version == price.Version && _prices.TryRemove(new KeyValuePair<string, StoredPrice>(price.Symbol, current)));
    }
}
