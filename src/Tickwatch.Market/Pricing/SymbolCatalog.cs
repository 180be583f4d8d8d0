using Tickwatch.Core.Symbols;

namespace Tickwatch.Market.Pricing;

/// <summary>Builds the service's <see cref="SymbolRegistry"/> from <see cref="PricesOptions"/>.</summary>
public static class SymbolCatalog
{
    public static SymbolRegistry Create(PricesOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var listed = options.Symbols.Count > 0
            ? options.Symbols
            : StandardInstruments.All.Select(i => i.Symbol).ToList();
        return new SymbolRegistry(
            listed.Distinct(StringComparer.Ordinal).Select(s => Settings(s, options)),
            s => Settings(s, options),
            options.AcceptUnlistedSymbols);
    }

    private static SymbolSettings Settings(string symbol, PricesOptions options)
    {
        var defaults = SymbolDefaults.For(symbol, StandardInstruments.Find(symbol)?.Kind, options.DefaultMaxQuoteAge);
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
        };
    }
}
