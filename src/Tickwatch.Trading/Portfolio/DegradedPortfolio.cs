using System.Text.Json.Serialization;

namespace Tickwatch.Trading.Portfolio;

/// <summary>An account whose portfolio is degraded, and the symbols that stopped it (<c>USDJPY:STALE_PRICE</c>).</summary>
public sealed record DegradedPortfolio(
    [property: JsonPropertyName("account")] string Account,
    [property: JsonPropertyName("symbols")] string Symbols);
