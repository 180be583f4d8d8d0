using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Tickwatch.Core.Prices;
using Tickwatch.Core.Symbols;
using Tickwatch.Gateway.Auth;
using Tickwatch.Gateway.Forensics;
using Tickwatch.Storage.Prices;

namespace Tickwatch.Gateway.Quotes;

/// <summary><c>GET /api/quotes</c> and <c>GET /api/quotes/{symbol}</c>: the prices the market service holds, with sequence, age and freshness.</summary>
public static class QuoteEndpoints
{
    private const int MaxSymbolsPerRequest = 200;

    public static RouteGroupBuilder MapQuotes(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var quotes = api.MapGroup("/quotes").WithTags("Quotes").RequireAuthorization();
        quotes.MapGet("/", GetQuotesAsync)
            .WithName("GetQuotes")
            .WithSummary("Every symbol's price (or those named in ?symbols=EURUSD,GBPUSD) with its sequence, age and fresh/stale/missing flag.");
        quotes.MapGet("/{symbol}", GetQuoteAsync)
            .WithName("GetQuote")
            .WithSummary("One symbol's price with its sequence, age and fresh/stale/missing flag.");
        return api;
    }

    private static async Task<Results<Ok<QuoteListView>, ProblemHttpResult>> GetQuotesAsync(
        QuoteBoard board, ShownPriceLog shown, ClaimsPrincipal user, string? symbols, CancellationToken cancellationToken)
    {
        var names = string.IsNullOrWhiteSpace(symbols)
            ? board.AllSymbols()
            : [.. symbols.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => s.ToUpperInvariant()).Distinct(StringComparer.Ordinal)];
        if (names.Count > MaxSymbolsPerRequest)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest, title: "Too many symbols", detail: $"Ask for at most {MaxSymbolsPerRequest} symbols at once.");
        }

        var settings = new List<SymbolSettings>(names.Count);
        var unknown = new List<string>();
        foreach (var name in names)
        {
            if (board.TryGetSymbol(name, out var found))
            {
                settings.Add(found);
            }
            else
            {
                unknown.Add(name);
            }
        }

        if (unknown.Count > 0)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest, title: "Unknown symbols", detail: "Not listed by the broker: " + string.Join(", ", unknown.Take(20)));
        }

        IReadOnlyList<StoredPrice?> prices;
        try
        {
            prices = await board.ReadAsync(names, cancellationToken).ConfigureAwait(false);
        }
        catch (PriceStoreException)
        {
            return StoreUnavailable();
        }

        var now = board.Time.GetUtcNow();
        var views = new QuoteView[settings.Count];
        for (var i = 0; i < views.Length; i++)
        {
            views[i] = QuoteBoard.View(settings[i], prices[i], now);
        }

        shown.RecordQuotes(ClientClaims.UserKey(user), names, prices, now);

        return TypedResults.Ok(new QuoteListView(now, views.Length, views.Count(v => v.Freshness == Freshness.Fresh), views));
    }

    private static async Task<Results<Ok<QuoteView>, ProblemHttpResult>> GetQuoteAsync(
        QuoteBoard board, ShownPriceLog shown, ClaimsPrincipal user, string symbol, CancellationToken cancellationToken)
    {
        var name = symbol.ToUpperInvariant();
        if (!board.TryGetSymbol(name, out var settings))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown symbol", detail: $"'{Truncate(symbol)}' is not listed by the broker.");
        }

        IReadOnlyList<StoredPrice?> prices;
        try
        {
            prices = await board.ReadAsync([name], cancellationToken).ConfigureAwait(false);
        }
        catch (PriceStoreException)
        {
            return StoreUnavailable();
        }

        var now = board.Time.GetUtcNow();
        shown.RecordQuotes(ClientClaims.UserKey(user), [name], prices, now);
        return TypedResults.Ok(QuoteBoard.View(settings, prices[0], now));
    }

    // The store's own error goes to the operators' log, not to clients.
    private static ProblemHttpResult StoreUnavailable() =>
        TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Prices unavailable", detail: "The price store cannot be read right now; try again shortly.");

    private static string Truncate(string text) => text.Length <= SymbolRegistry.MaxSymbolLength ? text : text[..SymbolRegistry.MaxSymbolLength] + "…";
}
