namespace Tickwatch.Core.Symbols;

/// <summary>Builds the service's <see cref="SymbolRegistry"/> from <see cref="PricesOptions"/>.</summary>
public static class SymbolCatalog
{
    public static SymbolRegistry Create(PricesOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new SymbolRegistry(
            Listed(options).Distinct(StringComparer.Ordinal).Select(s => Settings(s, options)),
            s => Settings(s, options),
            options.AcceptUnlistedSymbols);
    }

    /// <summary>Whether the registry <see cref="Create"/> makes will know <paramref name="symbol"/>: listed, or well-formed where unlisted symbols are learnt.</summary>
    public static bool Knows(PricesOptions options, string symbol)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Listed(options).Contains(symbol, StringComparer.Ordinal) || (options.AcceptUnlistedSymbols && SymbolRegistry.IsWellFormed(symbol));
    }

    private static IEnumerable<string> Listed(PricesOptions options) =>
        options.Symbols.Count > 0 ? options.Symbols : StandardInstruments.All.Select(i => i.Symbol);

    private static SymbolSettings Settings(string symbol, PricesOptions options)
    {
        var kind = StandardInstruments.Find(symbol)?.Kind;
        var defaults = SymbolDefaults.For(symbol, kind, options.DefaultMaxQuoteAge) with
        {
            TradingHours = Hours(kind is { } k ? options.TradingHours.FirstOrDefault(p => string.Equals(p.Key, k.ToString(), StringComparison.OrdinalIgnoreCase)).Value : null),
        };
        if (!options.Overrides.TryGetValue(symbol, out var limits))
        {
            return defaults;
        }

        return defaults with
        {
            MaxQuoteAge = limits.MaxQuoteAge ?? defaults.MaxQuoteAge,
            MaxJump = limits.MaxJump ?? defaults.MaxJump,
            JumpConfirmations = limits.JumpConfirmations ?? defaults.JumpConfirmations,
            MaxFeedDivergence = limits.MaxFeedDivergence ?? defaults.MaxFeedDivergence,
            TradeTolerance = limits.TradeTolerance ?? defaults.TradeTolerance,
            TradingHours = limits.TradingHours is null ? defaults.TradingHours : Hours(limits.TradingHours),
        };
    }

    // The validator has refused what does not parse; anything else here is a bug, not a setting.
    private static TradingHours Hours(string? text) =>
        TradingHours.TryParse(text, out var hours, out var error) ? hours : throw new InvalidOperationException(error);
}
