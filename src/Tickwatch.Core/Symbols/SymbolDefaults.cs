namespace Tickwatch.Core.Symbols;

/// <summary>Default price limits per instrument class, used when configuration names none for a symbol.</summary>
public static class SymbolDefaults
{
    /// <summary>Jump confirmations: a real gap repeats, a bad tick does not.</summary>
    public const int JumpConfirmations = 3;

    /// <summary>Trade tolerance: a print up to 0.5 % beyond the quote is the ordinary race between a venue's trade and book streams.</summary>
    public const decimal TradeTolerance = 0.005m;

    public static decimal MaxJump(InstrumentKind? kind) => kind switch
    {
        InstrumentKind.Forex => 0.03m,
        InstrumentKind.Metal or InstrumentKind.Index => 0.05m,
        InstrumentKind.Energy => 0.08m,
        InstrumentKind.Crypto => 0.15m,
        _ => 0.10m,
    };

    public static decimal MaxFeedDivergence(InstrumentKind? kind) => kind switch
    {
        InstrumentKind.Forex => 0.0005m,
        InstrumentKind.Metal or InstrumentKind.Index => 0.001m,
        InstrumentKind.Energy => 0.002m,
        InstrumentKind.Crypto => 0.003m,
        _ => 0.002m,
    };

    /// <summary>Settings for <paramref name="symbol"/> with the class defaults and the given age limit.</summary>
    public static SymbolSettings For(string symbol, InstrumentKind? kind, TimeSpan maxQuoteAge) => new()
    {
        Symbol = symbol,
        Kind = kind,
        MaxQuoteAge = maxQuoteAge,
        MaxJump = MaxJump(kind),
        JumpConfirmations = JumpConfirmations,
        MaxFeedDivergence = MaxFeedDivergence(kind),
    };
}
