using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tickwatch.Core.Trading;
using Tickwatch.Gateway.Auth;

namespace Tickwatch.Gateway.OrderEntry;

/// <summary>
/// The client's order routes under <c>/api/orders</c>: the token's own account only, answered by the market service's
/// trading engine, and its books of record (history, deals, statement) by the market service's ledger.
/// </summary>
public static class OrderRoutes
{
    public static RouteGroupBuilder MapOrderRoutes(this RouteGroupBuilder group)
    {
        ArgumentNullException.ThrowIfNull(group);
        group.MapPost("/", (HttpContext c, TradingForwarder f) => ForwardAsync(c, f, "/orders")).WithName("PlaceClientOrder").WithSummary("Places an order; send an Idempotency-Key header.");
        group.MapGet("/", (HttpContext c, TradingForwarder f) => ForwardAsync(c, f, "/orders")).WithName("ListClientOrders").WithSummary("Open positions and resting orders.");
        group.MapGet("/account", (HttpContext c, TradingForwarder f) => ForwardAsync(c, f, string.Empty)).WithName("ClientAccount").WithSummary("The account, its orders and its portfolio valued now.");
        group.MapGet("/history", (HttpContext c, TradingForwarder f) => ForwardAsync(c, f, "/history"))
            .WithName("ClientOrderHistory").WithSummary("Orders that changed in [from, to) with their status changes; limit and cursor page it.");
        group.MapGet("/deals", (HttpContext c, TradingForwarder f) => ForwardAsync(c, f, "/deals"))
            .WithName("ClientDeals").WithSummary("Fills and closes in [from, to) with prices, profit and quote lineage; limit and cursor page it.");
        group.MapGet("/statement", (HttpContext c, TradingForwarder f) => ForwardAsync(c, f, "/statement"))
            .WithName("ClientStatement").WithSummary("Opening balance, balance operations in [from, to), closing balance.");
        group.MapGet("/{orderId}", (HttpContext c, string orderId, TradingForwarder f) => ForwardAsync(c, f, "/orders/" + Uri.EscapeDataString(orderId)))
            .WithName("ReadClientOrder").WithSummary("One order, active or recently final.");
        group.MapPatch("/{orderId}", (HttpContext c, string orderId, TradingForwarder f) => ForwardAsync(c, f, "/orders/" + Uri.EscapeDataString(orderId)))
            .WithName("ModifyClientOrder").WithSummary("Changes stops or a pending price.");
        group.MapPost("/{orderId}/close", (HttpContext c, string orderId, TradingForwarder f) => ForwardAsync(c, f, "/orders/" + Uri.EscapeDataString(orderId) + "/close"))
            .WithName("CloseClientOrder").WithSummary("Closes a position, whole or in part.");
        group.MapPost("/{orderId}/cancel", (HttpContext c, string orderId, TradingForwarder f) => ForwardAsync(c, f, "/orders/" + Uri.EscapeDataString(orderId) + "/cancel"))
            .WithName("CancelClientOrder").WithSummary("Cancels a resting order.");
        return group;
    }

    private static async Task ForwardAsync(HttpContext context, TradingForwarder forwarder, string path)
    {
        if (!AccountId.TryParse(ClientClaims.UserKey(context.User), out var account))
        {
            await Results.Problem("The token names no trading account (sub and user_type).", statusCode: StatusCodes.Status403Forbidden, title: "No account")
                .ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        await forwarder.ForwardAsync(context, account, path, context.RequestAborted).ConfigureAwait(false);
    }
}
