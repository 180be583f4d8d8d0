using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Tickwatch.Core.Trading;
using Tickwatch.Trading.Engine;
using Tickwatch.Trading.Orders;
using Tickwatch.Trading.Store;

namespace Tickwatch.Market.Trading;

/// <summary>
/// A trading route the store failed under answers 503 with reason <c>STORE_UNAVAILABLE</c> instead of a bare 500: while a
/// Redis master fails over, the client learns it may retry (with the same <c>Idempotency-Key</c> for an order). An order
/// action's refusal is counted and listed like the engine's own; every other route's failure is logged (event 2640).
/// </summary>
internal sealed class TradingStoreFailureFilter(TradingEngine engine, ILogger<TradingStoreFailureFilter> logger) : IEndpointFilter
{
    // The endpoints whose failure is an order action's refusal, by the names TradingEndpoints gives them.
    private static readonly Dictionary<string, string> OrderActions = new(StringComparer.Ordinal)
    {
        ["PlaceOrder"] = "place",
        ["CloseOrder"] = "close",
        ["CancelOrder"] = "cancel",
        ["ModifyOrder"] = "modify",
    };

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (TradingStoreException ex)
        {
            var http = context.HttpContext;
            var route = http.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? http.Request.Path.ToString();
            var accountText = http.GetRouteValue("account") as string ?? string.Empty;
            if (OrderActions.TryGetValue(route, out var action) && AccountId.TryParse(accountText, out var account))
            {
                var subject = context.Arguments.OfType<PlaceOrderBody>().FirstOrDefault()?.Symbol ?? http.GetRouteValue("orderId") as string ?? string.Empty;
                return TradingEndpoints.Refusal(engine.StoreUnavailable(action, account, subject, ex));
            }

            TradingStoreFailureLog.RouteFailed(logger, ex, route, accountText, ex.Message);
            return TradingEndpoints.Refusal(OrderOutcome.Refused(RefusalReason.StoreUnavailable, $"The trading store did not answer ({ex.Message}); retry shortly."));
        }
    }
}
