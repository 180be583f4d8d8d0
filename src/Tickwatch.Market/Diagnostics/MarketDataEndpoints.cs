using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Tickwatch.Core.Prices;
using Tickwatch.Core.Symbols;
using Tickwatch.Market.Diagnostics.MarketData;

namespace Tickwatch.Market.Diagnostics;

/// <summary><c>GET /api/debug/market-data</c>: freshness, per-symbol analysis and price consistency.</summary>
public static class MarketDataEndpoints
{
    public static RouteGroupBuilder MapMarketDataDiagnostics(this RouteGroupBuilder debug)
    {
        ArgumentNullException.ThrowIfNull(debug);
        debug.MapGet("/market-data", GetMarketData)
            .WithName("MarketDataDiagnostics")
            .WithSummary("Symbol-by-symbol freshness, feed comparison and refused quotes.");
        return debug;
    }

    private static Ok<MarketDataReport> GetMarketData(PriceBook book, TimeProvider time, IOptions<PricesOptions> prices) =>
        TypedResults.Ok(MarketDataReportBuilder.Build(book, time.GetUtcNow(), prices.Value.DefaultMaxQuoteAge));
}
