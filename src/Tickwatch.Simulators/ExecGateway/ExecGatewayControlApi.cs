using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Tickwatch.Simulators.Control;
using Tickwatch.Simulators.QuoteHub;

namespace Tickwatch.Simulators.ExecGateway;

/// <summary>The execution gateway's HTTP control API under <c>/control</c>: status, resting orders, close requests, prices, and the faults (reject, delay, repeat, split, pause, drop).</summary>
internal static class ExecGatewayControlApi
{
    public static RouteGroupBuilder MapExecGatewayControl(this IEndpointRouteBuilder routes, string? token)
    {
        var group = routes.MapGroup("/control").RequireControlToken(token, "execution gateway");
        group.MapGet("/status", (ExecGatewayEngine engine) => TypedResults.Ok(engine.GetStatus()));
        group.MapGet("/orders", (ExecGatewayEngine engine) => TypedResults.Ok(engine.ListResting()));
        group.MapGet("/closes", (ExecGatewayEngine engine) => TypedResults.Ok(engine.ListCloses()));
        group.MapPost("/prices", SetPriceAsync);
        group.MapPost("/reject", RejectAsync);
        group.MapDelete("/reject", ClearReject);
        group.MapPost("/delay", SetDelayAsync);
        group.MapPost("/repeat", SetRepeatAsync);
        group.MapPost("/slippage", SetSlippageAsync);
        group.MapPost("/split", SetSplitAsync);
        group.MapPost("/pause", Pause);
        group.MapPost("/resume", Resume);
        group.MapPost("/reset", Reset);
        group.MapPost("/drop", (ExecGatewayEngine engine) => TypedResults.Ok(new ConnectionsDropped(engine.DropConnections())));
        return group;
    }

    public static async Task<Results<Ok<PriceView>, ValidationProblem, ProblemHttpResult>> SetPriceAsync(HttpRequest request, ExecutionPriceBook book)
    {
        var (body, problem) = await ControlRequests.ReadBodyAsync<PriceRequest>(request);
        if (body is null)
        {
            return problem!;
        }

        if (string.IsNullOrEmpty(body.Symbol) || body.Symbol.Length > 32)
        {
            return Invalid("symbol", "symbol is required (1 to 32 characters).", "Bad price request");
        }

        try
        {
            book.Set(body.Symbol, body.Bid, body.Ask);
        }
        catch (ArgumentException)
        {
            return Invalid("price", "bid and ask must be positive, the ask not below the bid.", "Bad price request");
        }

        book.TryGetQuote(body.Symbol, out var bid, out var ask);
        return TypedResults.Ok(new PriceView(body.Symbol, bid, ask));
    }

    public static async Task<Results<Ok<ExecGatewayControls>, ValidationProblem, ProblemHttpResult>> RejectAsync(HttpRequest request, ExecGatewayEngine engine)
    {
        var (body, problem) = await ControlRequests.ReadBodyAsync<RejectRequest>(request);
        if (body is null)
        {
            return problem!;
        }

        if (body.Symbol is { Length: 0 or > 32 } || body.Reason is { Length: 0 or > 200 })
        {
            return Invalid("reject", "symbol is null or 1 to 32 characters, reason null or 1 to 200.", "Bad reject request");
        }

        engine.SetReject(body.Symbol, body.Reason ?? "REJECTED_BY_PROVIDER");
        return TypedResults.Ok(engine.GetStatus().Controls);
    }

    public static Ok<ExecGatewayControls> ClearReject(string? symbol, ExecGatewayEngine engine)
    {
        engine.ClearReject(string.IsNullOrEmpty(symbol) ? null : symbol);
        return TypedResults.Ok(engine.GetStatus().Controls);
    }

    public static async Task<Results<Ok<ExecGatewayControls>, ValidationProblem, ProblemHttpResult>> SetDelayAsync(HttpRequest request, ExecGatewayEngine engine)
    {
        var (body, problem) = await ControlRequests.ReadBodyAsync<BehaviourRequest>(request);
        if (body is null)
        {
            return problem!;
        }

        if (body.DelayMs is not (>= 0 and <= 600_000))
        {
            return Invalid("delay_ms", "delay_ms is required, 0..600000.", "Bad delay request");
        }

        engine.SetDelay(TimeSpan.FromMilliseconds(body.DelayMs.Value));
        return TypedResults.Ok(engine.GetStatus().Controls);
    }

    public static async Task<Results<Ok<ExecGatewayControls>, ValidationProblem, ProblemHttpResult>> SetRepeatAsync(HttpRequest request, ExecGatewayEngine engine)
    {
        var (body, problem) = await ControlRequests.ReadBodyAsync<BehaviourRequest>(request);
        if (body is null)
        {
            return problem!;
        }

        if (body.Copies is not (>= 1 and <= 10))
        {
            return Invalid("copies", "copies is required, 1..10 (1 is normal).", "Bad repeat request");
        }

        engine.SetCopies(body.Copies.Value);
        return TypedResults.Ok(engine.GetStatus().Controls);
    }

    public static async Task<Results<Ok<ExecGatewayControls>, ValidationProblem, ProblemHttpResult>> SetSplitAsync(HttpRequest request, ExecGatewayEngine engine)
    {
        var (body, problem) = await ControlRequests.ReadBodyAsync<BehaviourRequest>(request);
        if (body is null)
        {
            return problem!;
        }

        if (body.Parts is not (>= 1 and <= ExecGatewayEngine.MaxFillParts))
        {
            return Invalid("parts", $"parts is required, 1..{ExecGatewayEngine.MaxFillParts} (1 is normal).", "Bad split request");
        }

        engine.SetFillParts(body.Parts.Value);
        return TypedResults.Ok(engine.GetStatus().Controls);
    }

    public static async Task<Results<Ok<ExecGatewayControls>, ValidationProblem, ProblemHttpResult>> SetSlippageAsync(HttpRequest request, ExecGatewayEngine engine)
    {
        var (body, problem) = await ControlRequests.ReadBodyAsync<BehaviourRequest>(request);
        if (body is null)
        {
            return problem!;
        }

        if (body.MaxSlippage is not { } max || max < 0m)
        {
            return Invalid("max_slippage", "max_slippage is required, 0 or more.", "Bad slippage request");
        }

        engine.SetMaxSlippage(max);
        return TypedResults.Ok(engine.GetStatus().Controls);
    }

    public static Ok<ExecGatewayControls> Pause(ExecGatewayEngine engine)
    {
        engine.Pause();
        return TypedResults.Ok(engine.GetStatus().Controls);
    }

    public static Ok<ExecGatewayControls> Resume(ExecGatewayEngine engine)
    {
        engine.Resume();
        return TypedResults.Ok(engine.GetStatus().Controls);
    }

    public static Ok<ExecGatewayControls> Reset(ExecGatewayEngine engine)
    {
        engine.Reset();
        return TypedResults.Ok(engine.GetStatus().Controls);
    }

    private static ValidationProblem Invalid(string field, string message, string title) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: title);
}
