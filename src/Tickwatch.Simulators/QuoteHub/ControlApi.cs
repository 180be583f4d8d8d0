using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Tickwatch.Simulators.QuoteHub;

/// <summary>The quote hub's HTTP control API under <c>/control</c>: status, faults, rate and prices.</summary>
internal static class ControlApi
{
    /// <summary>Largest control request body: a fault, rate or price request is a few hundred bytes.</summary>
    public const int MaxBodyBytes = 4096;

    public static RouteGroupBuilder MapControlApi(this IEndpointRouteBuilder routes, string? token)
    {
        var group = routes.MapGroup("/control");
        group.AddEndpointFilter(async (context, next) =>
            IsAuthorized(context.HttpContext, token)
                ? await next(context)
                : TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: "From another host than loopback, pass the hub's token as ?token= or a bearer token."));

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
        var (body, problem) = await ReadBodyAsync<FaultRequest>(request);
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
        var (body, problem) = await ReadBodyAsync<RateRequest>(request);
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
        var (body, problem) = await ReadBodyAsync<PriceRequest>(request);
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

    private static async Task<(T? Body, ProblemHttpResult? Problem)> ReadBodyAsync<T>(HttpRequest request)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            return (null, TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported media type",
                detail: $"Send the body as Content-Type: application/json, not '{request.ContentType}'."));
        }

        // Also bounds a chunked body, which announces no length: Kestrel stops reading past it.
        if (request.ContentLength > MaxBodyBytes || !LimitBody(request))
        {
            return (null, BodyTooLarge());
        }

        try
        {
            var body = await JsonSerializer.DeserializeAsync<T>(request.Body, ControlJson.Options, request.HttpContext.RequestAborted);
            return body is null
                ? (null, TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: "The body must be a JSON object, not null."))
                : (body, null);
        }
        catch (JsonException ex)
        {
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: "The body is not a valid request: " + ex.Message));
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, BodyTooLarge());
        }
    }

    private static bool LimitBody(HttpRequest request)
    {
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
            return true;
        }

        // Already being read: only a body whose length is known can be let through.
        return request.ContentLength is not null;
    }

    private static ProblemHttpResult BodyTooLarge() =>
        TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Body too large", detail: $"A control request body is at most {MaxBodyBytes} bytes.");

    private static bool IsAuthorized(HttpContext context, string? token)
    {
        if (token is null || (context.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote)))
        {
            return true;
        }

        var given = context.Request.Query["token"].ToString();
        var authorization = context.Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            given = authorization["Bearer ".Length..].Trim();
        }

        return FeedEndpoint.TokenMatches(given, token);
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
