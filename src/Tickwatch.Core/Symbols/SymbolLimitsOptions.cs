namespace Tickwatch.Core.Symbols;

/// <summary>Limits of one symbol that differ from its class defaults (section <c>Prices:Overrides:SYMBOL</c>).</summary>
public sealed class SymbolLimitsOptions
{
    public TimeSpan? MaxQuoteAge { get; set; }

    public decimal? MaxJump { get; set; }

    public int? JumpConfirmations { get; set; }

    public decimal? MaxFeedDivergence { get; set; }

    /// <summary>This symbol's trading hours, over its class's (see <see cref="PricesOptions.TradingHours"/>).</summary>
    public string? TradingHours { get; set; }
}
