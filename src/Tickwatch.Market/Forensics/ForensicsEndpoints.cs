using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Tickwatch.Core.Trading;

namespace Tickwatch.Market.Forensics;

/// <summary>
/// <c>GET /api/debug/forensics/orders/{orderId}</c> and <c>/refusals/{refusalId}</c>: what the client was shown, what
/// the engine acted on, and why they differ, in one call.
/// </summary>
public static class ForensicsEndpoints
{
    public static RouteGroupBuilder MapOrderForensics(this RouteGroupBuilder debug)
    {
        ArgumentNullException.ThrowIfNull(debug);
        debug.MapGet("/forensics/orders/{orderId}", OrderAsync)
            .WithName("OrderForensics")
            .WithSummary("An order's executions beside the prices its user was shown, with a verdict in words and numbers.");
        debug.MapGet("/forensics/refusals/{refusalId}", RefusalAsync)
            .WithName("RefusalForensics")
            .WithSummary("A refused request beside the prices its user was shown, with a verdict in words and numbers.");
        return debug;
    }

    private static async Task<Results<Ok<OrderForensicsReport>, ProblemHttpResult>> OrderAsync(
        string orderId, string? account, OrderForensics forensics, CancellationToken cancellationToken)
    {
        AccountId? owner = null;
        if (account is not null)
        {
            if (!AccountId.TryParse(account, out var parsed))
            {
                return TypedResults.Problem($"account is {account}; expected type:id, e.g. live:42.", statusCode: StatusCodes.Status400BadRequest, title: "Bad account");
            }

            owner = parsed;
        }

        return await forensics.ForOrderAsync(orderId, owner, cancellationToken).ConfigureAwait(false) is { } report
            ? TypedResults.Ok(report)
            : TypedResults.Problem(
                owner is null
                    ? $"Order {orderId} is not among the engine's recent orders; name its account (?account=live:42) to read it from the store."
                    : $"Account {owner} holds no order {orderId}.",
                statusCode: StatusCodes.Status404NotFound,
                title: "Order not found");
    }

    private static async Task<Results<Ok<OrderForensicsReport>, ProblemHttpResult>> RefusalAsync(string refusalId, OrderForensics forensics, CancellationToken cancellationToken) =>
        await forensics.ForRefusalAsync(refusalId, cancellationToken).ConfigureAwait(false) is { } report
            ? TypedResults.Ok(report)
            : TypedResults.Problem($"Refusal {refusalId} is not among the engine's recent refusals.", statusCode: StatusCodes.Status404NotFound, title: "Refusal not found");
}
