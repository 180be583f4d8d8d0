namespace Tickwatch.Core.Symbols;

/// <summary>Limits of one symbol that differ from its class defaults (section <c>Prices:Overrides:SYMBOL</c>).</summary>
public sealed class SymbolLimitsOptions
{
    public TimeSpan? MaxQuoteAge { get; set; }

    public decimal? MaxJump { get; set; }

    public int? JumpConfirmations { get; set; }

    public decimal? MaxFeedDivergence { get; set; }

    /// <summary>How far a last trade may lie outside the quote, as a fraction, before it is counted (see <see cref="SymbolSettings.TradeTolerance"/>).</summary>
    public decimal? TradeTolerance { get; set; }

    /// <summary>This symbol's trading hours, over its class's (see <see cref="PricesOptions.TradingHours"/>).</summary>
    public string? TradingHours { get; set; }
}
