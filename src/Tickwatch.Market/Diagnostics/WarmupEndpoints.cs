using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Tickwatch.Market.Warmup;

namespace Tickwatch.Market.Diagnostics;

/// <summary><c>GET /api/debug/warmup</c> (recent warm-ups) and <c>POST /api/debug/warmup</c> (warm up from the store now, as the guide's Scenario 3 asks).</summary>
public static class WarmupEndpoints
{
    public static RouteGroupBuilder MapWarmup(this RouteGroupBuilder debug)
    {
        ArgumentNullException.ThrowIfNull(debug);
        debug.MapGet("/warmup", GetWarmups)
            .WithName("WarmupHistory")
            .WithSummary("Recent warm-ups from the store: trigger, prices loaded and shown, symbols missing, errors.");
        debug.MapPost("/warmup", WarmUpAsync)
            .WithName("WarmUp")
            .WithSummary("Loads the last stored prices now; they are shown as warmed-up, never fresh, until a live price arrives.");
        return debug;
    }

    private static Ok<WarmupReport> GetWarmups(MarketDataWarmup warmup) => TypedResults.Ok(warmup.Report());

    private static async Task<Results<Ok<WarmupRun>, ProblemHttpResult>> WarmUpAsync(MarketDataWarmup warmup, CancellationToken cancellationToken)
    {
        var run = await warmup.RunAsync("operator request", cancellationToken).ConfigureAwait(false);
        if (run.Result.Succeeded)
        {
            return TypedResults.Ok(run);
        }

        return TypedResults.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "Market data warmup failed",
            detail: $"The store could not be read: {run.Result.Error}");
    }
}
