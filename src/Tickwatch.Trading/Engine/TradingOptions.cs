using System.ComponentModel.DataAnnotations;

namespace Tickwatch.Trading.Engine;

/// <summary>The <c>Trading</c> section: how old a quote money may move on, and how hard the engine retries a lost race.</summary>
public sealed class TradingOptions
{
    public const string Section = "Trading";

    /// <summary>Oldest quote an execution, valuation, trigger or close may use; a symbol's <c>MaxQuoteAge</c> caps it further.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan MaxExecutionQuoteAge { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Per-symbol overrides of <see cref="MaxExecutionQuoteAge"/> (<c>Trading:MaxExecutionQuoteAgeBySymbol:BTCUSD</c>).</summary>
    public Dictionary<string, TimeSpan> MaxExecutionQuoteAgeBySymbol { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Times one request recomputes after another change of the same account won the race, before it answers BUSY.</summary>
    [Range(1, 100)]
    public int MaxCommitAttempts { get; set; } = 8;

    /// <summary>Put the seed's groups and demo accounts into the store at start (accounts that exist are left alone).</summary>
    public bool SeedOnStart { get; set; } = true;

    /// <summary>Put the seed's <c>development_only</c> accounts too (a provider-routed one); <c>tickwatch up</c> sets it beside its execution gateway.</summary>
    public bool SeedDevelopmentAccounts { get; set; }

    /// <summary>A seed file to use instead of the embedded <c>trading-seed.json</c>.</summary>
    public string? SeedFile { get; set; }

    /// <summary>A market fill this many pips worse than the price its client sent counts as differing from the client's view.</summary>
    [Range(typeof(decimal), "0.1", "10000")]
    public decimal ViewMismatchPips { get; set; } = 2m;

    /// <summary>The share of compared fills differing from the client's view above which the diagnosis calls the rate unusual.</summary>
    [Range(0.001, 1.0)]
    public double ViewMismatchRate { get; set; } = 0.05;

    public TimeSpan ExecutionAgeOf(string symbol) => MaxExecutionQuoteAgeBySymbol.GetValueOrDefault(symbol, MaxExecutionQuoteAge);
}
