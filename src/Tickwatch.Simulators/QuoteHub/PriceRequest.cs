namespace Tickwatch.Simulators.QuoteHub;

/// <summary>Body of <c>POST /control/prices</c>: sets a symbol's price and sends it at once; a missing side keeps its value and is not sent.</summary>
public sealed class PriceRequest
{
    public string? Symbol { get; set; }

    public decimal? Bid { get; set; }

    public decimal? Ask { get; set; }
}
