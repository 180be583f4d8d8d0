using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Tickwatch.Simulators.Control;

namespace Tickwatch.Simulators.QuoteHub;

/// <summary>The quote hub's HTTP control API under <c>/control</c>: status, faults, rate, prices and replays.</summary>
internal static class ControlApi
{
    public static RouteGroupBuilder MapControlApi(this IEndpointRouteBuilder routes, string? token)
    {
        var group = routes.MapGroup("/control").RequireControlToken(token, "hub");

        group.MapGet("/status", GetStatus);
        group.MapGet("/faults", ListFaults);
        group.MapGet("/faults/{id}", GetFault);
        group.MapPost("/faults", InjectFaultAsync);
        group.MapDelete("/faults/{id}", ClearFault);
        group.MapDelete("/faults", ClearFaults);
        group.MapGet("/rate", GetRate);
        group.MapPost("/rate", SetRateAsync);
        group.MapGet("/prices/{symbol}", GetPriceAsync);
        group.MapPost("/prices", SetPriceAsync);
        group.MapGet("/replay", ListReplays);
        group.MapPost("/replay", ControlReplayAsync);
        return group;
    }

    public static Ok<QuoteHubStatus> GetStatus(QuoteHubEngine engine) => TypedResults.Ok(engine.GetStatus());

    public static Ok<IReadOnlyList<FaultView>> ListFaults(QuoteHubEngine engine) => TypedResults.Ok(engine.ListFaults());

    public static Results<Ok<FaultView>, ProblemHttpResult> GetFault(string id, QuoteHubEngine engine)
    {
        if (!TryParseId(id, out var faultId))
        {
            return BadId(id);
        }

        return engine.FindFault(faultId) is { } fault ? TypedResults.Ok(fault) : NoSuchFault(faultId);
    }

    public static async Task<Results<Created<FaultView>, ValidationProblem, ProblemHttpResult>> InjectFaultAsync(HttpRequest request, QuoteHubEngine engine)
    {
        var (body, problem) = await ControlRequests.ReadBodyAsync<FaultRequest>(request);
        if (body is null)
        {
            return problem!;
        }

        return engine.TryInjectFault(body, out var fault, out var errors) switch
        {
            FaultInjection.Injected => TypedResults.Created($"/control/faults/{fault!.Id}", fault),
            FaultInjection.TooManyActive => TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Too many active faults",
                detail: $"{engine.MaxActiveFaults} faults are active (QuoteHub:MaxActiveFaults); clear some (DELETE /control/faults) or let them end first."),
            _ => TypedResults.ValidationProblem(errors, detail: "The fault request is not valid.", title: "Bad fault request"),
        };
    }

    public static Results<NoContent, ProblemHttpResult> ClearFault(string id, QuoteHubEngine engine)
    {
        if (!TryParseId(id, out var faultId))
        {
            return BadId(id);
        }

        return engine.ClearFault(faultId) ? TypedResults.NoContent() : NoSuchFault(faultId);
    }

    public static Ok<FaultsCleared> ClearFaults(QuoteHubEngine engine) => TypedResults.Ok(new FaultsCleared(engine.ClearFaults()));

    public static Ok<RateView> GetRate(QuoteHubEngine engine) => TypedResults.Ok(engine.Rate);

    public static async Task<Results<Ok<RateView>, ValidationProblem, ProblemHttpResult>> SetRateAsync(HttpRequest request, QuoteHubEngine engine)
    {
        var (body, problem) = await ControlRequests.ReadBodyAsync<RateRequest>(request);
        if (body is null)
        {
            return problem!;
        }

        if ((body.Multiplier is null) == (body.UpdatesPerSecond is null))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["multiplier"] = ["Give exactly one of multiplier and updates_per_second."] },
                title: "Bad rate request");
        }

        try
        {
            return TypedResults.Ok(body.Multiplier is { } multiplier
                ? engine.SetRateMultiplier(multiplier)
                : engine.SetTargetUpdatesPerSecond(body.UpdatesPerSecond!.Value));
        }
        catch (ArgumentOutOfRangeException)
        {
            var field = body.Multiplier is null ? "updates_per_second" : "multiplier";
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { [field] = [$"{field} must be >= 0 and give at most {QuoteHubOptionsValidator.MaxUpdatesPerSecond} updates per second (multiplier 0 pauses)."] },
                title: "Bad rate request");
        }
    }

    public static async Task<Results<Ok<PriceView>, ProblemHttpResult>> GetPriceAsync(string symbol, QuoteHubEngine engine, CancellationToken cancellationToken) =>
        await engine.GetPriceAsync(symbol, cancellationToken) is { } price
            ? TypedResults.Ok(price)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown symbol", detail: $"The hub does not serve '{symbol}'.");

    public static async Task<Results<Ok<PriceView>, ValidationProblem, ProblemHttpResult>> SetPriceAsync(HttpRequest request, QuoteHubEngine engine, CancellationToken cancellationToken)
    {
        var (body, problem) = await ControlRequests.ReadBodyAsync<PriceRequest>(request);
        if (body is null)
        {
            return problem!;
        }

        if (string.IsNullOrEmpty(body.Symbol))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["symbol"] = ["symbol is required."] }, title: "Bad price request");
        }

        try
        {
            return TypedResults.Ok(await engine.SetPriceAsync(body.Symbol, body.Bid, body.Ask, cancellationToken));
        }
        catch (ArgumentException ex)
        {
            var field = ex.ParamName == "symbol" ? "symbol" : "price";
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [StripParamName(ex)] }, title: "Bad price request");
        }
    }

    public static Ok<IReadOnlyList<ReplayStatus>> ListReplays(QuoteHubEngine engine) => TypedResults.Ok(engine.ListReplays());

    public static async Task<Results<Ok<ReplayStatus>, ValidationProblem, ProblemHttpResult>> ControlReplayAsync(HttpRequest request, QuoteHubEngine engine)
    {
        var (body, problem) = await ControlRequests.ReadBodyAsync<ReplayRequest>(request);
        if (body is null)
        {
            return problem!;
        }

        return engine.TryControlReplay(body, out var errors) is { } status
            ? TypedResults.Ok(status)
            : TypedResults.ValidationProblem(errors, detail: "The replay request is not valid.", title: "Bad replay request");
    }

    private static bool TryParseId(string id, out long faultId) =>
        long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out faultId);

    private static ProblemHttpResult BadId(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad fault id", detail: $"'{id}' is not a fault id (a positive whole number).");

    private static ProblemHttpResult NoSuchFault(long id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such fault", detail: $"Fault {id} is not active (it may have expired or been cleared).");

    private static string StripParamName(ArgumentException ex) =>
        ex.ParamName is null ? ex.Message : ex.Message.Replace($" (Parameter '{ex.ParamName}')", "", StringComparison.Ordinal);
}
