using Tickwatch.Core.Prices;
using Tickwatch.Core.Symbols;
using Tickwatch.Core.Trading;

namespace Tickwatch.Core.Tests.Trading;

/// <summary>Quotes and group terms for the hand-computed trading cases.</summary>
internal static class TradingFixtures
{
    public static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    public static Quote QuoteOf(string symbol, decimal bid, decimal ask, TimeSpan? age = null, long sequence = 1, bool warmup = false)
    {
        var received = Now - (age ?? TimeSpan.FromMilliseconds(100));
        return new Quote
        {
            Symbol = symbol,
            Bid = bid,
            Ask = ask,
            Feed = warmup ? "warmup" : "json",
            ReceivedAt = received,
            BookSequence = sequence,
            Version = PriceVersion.Of(null, received, null, sequence),
            IsWarmup = warmup,
        };
    }

    public static SymbolSettings Settings(string symbol) => SymbolDefaults.For(symbol, StandardInstruments.Find(symbol)?.Kind, TimeSpan.FromSeconds(10));

    /// <summary>One pip of spread on top of each side's half (EURUSD: 0.00005).</summary>
    public static GroupSymbolTerms Fx(string symbol, string profitCurrency, decimal spreadPip, decimal spread = 1m) => new()
    {
        Group = "Standard",
        Symbol = symbol,
        Spread = spread,
        SpreadPip = spreadPip,
        ContractSize = 100_000m,
        ProfitCurrency = profitCurrency,
        InstrumentType = InstrumentKind.Forex,
    };

    public static GroupSymbolTerms Bitcoin { get; } = new()
    {
        Group = "Standard",
        Symbol = "BTCUSD",
        Spread = 10m,
        SpreadPip = 1m,
        ContractSize = 1m,
        ProfitCurrency = "USD",
        InstrumentType = InstrumentKind.Crypto,
        CryptoMarginFactor = 5m,
    };

    public static Func<string, GuardedQuote> Guarded(params Quote[] quotes) => symbol =>
        PriceGuard.Check(quotes.FirstOrDefault(q => q.Symbol == symbol), Settings(symbol), TimeSpan.FromSeconds(2), Now);

    public static CurrencyConversion? ToUsd(string currency) =>
        CurrencyConversion.Find(currency, "USD", s => StandardInstruments.Find(s) is not null);
}
