using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Tickwatch.Core.Symbols;

namespace Tickwatch.Market.Forensics.Timeline;

/// <summary>
/// <c>GET /api/debug/forensics/symbols/{symbol}?from=&amp;to=&amp;limit=</c> (what happened to a symbol's prices over a
/// span) and <c>GET /api/debug/forensics/symbols</c> (the timelines' bounds and counters), in the operator-only debug group.
/// </summary>
public static class SymbolTimelineEndpoints
{
    public static RouteGroupBuilder MapSymbolTimeline(this RouteGroupBuilder debug)
    {
        ArgumentNullException.ThrowIfNull(debug);
        debug.MapGet("/forensics/symbols", GetSummary)
            .WithName("SymbolTimelineSummary")
            .WithSummary("The symbol timelines' window, caps, memory and counters.");
        debug.MapGet("/forensics/symbols/{symbol}", GetTimeline)
            .WithName("SymbolTimeline")
            .WithSummary("A symbol's feed updates with the book's verdicts, store writes and announcements over a span; each feed's price and their divergence at its end.");
        return debug;
    }

    private static Ok<SymbolTimelineStatistics> GetSummary(SymbolTimeline timeline) => TypedResults.Ok(timeline.Statistics());

    private static Results<Ok<SymbolTimelineReport>, ProblemHttpResult> GetTimeline(
        string symbol, string? from, string? to, string? limit, SymbolTimeline timeline, SymbolRegistry symbols, TimeProvider time)
    {
        if (!symbols.TryGet(symbol, out var settings) && !symbols.TryGet(symbol.ToUpperInvariant(), out settings))
        {
            timeline.CountBadQuery();
            return TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "Unknown symbol",
                detail: $"'{(symbol.Length <= 40 ? symbol : symbol[..40] + "…")}' is not a symbol of this market service.");
        }

        if (!SymbolTimelineQuery.TryParse(from, to, limit, time.GetUtcNow(), timeline.Window, out var query, out var errors))
        {
            timeline.CountBadQuery();
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad timeline query", detail: string.Join(" ", errors));
        }

        // The catalogue has no pip size yet: the divergence is stated in price units only.
        return TypedResults.Ok(SymbolTimelineReportBuilder.Build(timeline, settings, query));
    }
}
