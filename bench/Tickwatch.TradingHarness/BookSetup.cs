using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Tickwatch.Core.Trading;
using Tickwatch.Trading.Accounts;
using Tickwatch.Trading.Engine;
using Tickwatch.Trading.Orders;
using Tickwatch.Trading.Store;

namespace Tickwatch.TradingHarness;

/// <summary>
/// The book the figures are measured with, made in the market process through its own store and engine (not measured):
/// live accounts 1..N in group Standard, each with market positions on consecutive symbols, so every symbol has about
/// the same number of holders. Positions go through <see cref="TradingEngine.PlaceAsync"/>, priced on the live feed,
/// margin-checked and announced to the portfolio calculator like any order.
/// </summary>
internal static class BookSetup
{
    public const string Group = "Standard";
    public const decimal Balance = 100_000m;
    public const decimal Leverage = 100m;
    private const int Concurrency = 64;
    private const int StaleRetries = 100;
    private static readonly TimeSpan StaleRetryDelay = TimeSpan.FromMilliseconds(100);

    /// <summary>The account of number <paramref name="number"/> (1-based).</summary>
    public static AccountId Account(int number) => new(UserType.Live, number);

    /// <summary>The symbols positions are opened on: those the group trades, in name order.</summary>
    public static async Task<string[]> SymbolsAsync(ITradingStore store, CancellationToken cancellationToken) =>
        [.. (await store.ListTermsAsync(cancellationToken).ConfigureAwait(false)).Where(t => t.Group == Group).Select(t => t.Symbol).Order(StringComparer.Ordinal)];

    public static async Task<SetupReply> RunAsync(ITradingStore store, TradingEngine engine, HolderWatch watch, int accounts, int positions, decimal volume, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var symbols = await SymbolsAsync(store, cancellationToken).ConfigureAwait(false);
        if (symbols.Length < positions)
        {
            throw new InvalidOperationException($"Group {Group} trades {symbols.Length} symbols, fewer than {positions} positions per account.");
        }

        var refusals = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var holders = symbols.ToDictionary(s => s, _ => new ConcurrentBag<AccountId>(), StringComparer.Ordinal);
        long opened = 0;
        await Parallel.ForEachAsync(
            Enumerable.Range(1, accounts),
            new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken },
            async (number, token) =>
            {
                var id = Account(number);
                await store.PutAccountAsync(new TradingAccount { Id = id, WalletBalance = Balance, Leverage = Leverage, Group = Group }, token).ConfigureAwait(false);

                // One account's orders in turn: concurrent ones would only race for its revision.
                for (var j = 0; j < positions; j++)
                {
                    var symbol = symbols[(((number - 1) * positions) + j) % symbols.Length];
                    var order = new PlaceOrder
                    {
                        Account = id,
                        Symbol = symbol,
                        Type = (number + j) % 2 == 0 ? OrderType.Buy : OrderType.Sell,
                        Volume = volume,
                        IdempotencyKey = string.Create(CultureInfo.InvariantCulture, $"bench-setup-{number}-{j}"),
                    };
                    var outcome = await engine.PlaceAsync(order, token).ConfigureAwait(false);

                    // A slow symbol's price may be a moment too old on a busy machine: the set-up waits for a fresh one (a refusal commits nothing, so the key is free).
                    for (var retry = 0; outcome.Refusal == RefusalReason.StalePrice && retry < StaleRetries; retry++)
                    {
                        await Task.Delay(StaleRetryDelay, token).ConfigureAwait(false);
                        outcome = await engine.PlaceAsync(order, token).ConfigureAwait(false);
                    }

                    if (outcome.Refusal is { } reason)
                    {
                        refusals.AddOrUpdate(TradingWire.Of(reason), 1, (_, n) => n + 1);
                        continue;
                    }

                    holders[symbol].Add(id);
                    Interlocked.Increment(ref opened);
                }
            }).ConfigureAwait(false);

        var held = holders.ToDictionary(h => h.Key, h => h.Value.ToArray(), StringComparer.Ordinal);
        watch.SetHolders(held);
        return new SetupReply(
            accounts,
            Interlocked.Read(ref opened),
            symbols.Length,
            held.Values.Min(h => h.Length),
            held.Values.Max(h => h.Length),
            new Dictionary<string, int>(refusals, StringComparer.Ordinal),
            Stopwatch.GetElapsedTime(started).TotalSeconds);
    }
}
