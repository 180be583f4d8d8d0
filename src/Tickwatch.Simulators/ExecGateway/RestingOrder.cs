using Tickwatch.Core.Trading;
using Tickwatch.Trading.ProviderLink;

namespace Tickwatch.Simulators.ExecGateway;

/// <summary>A limit or stop order resting at the gateway until the market crosses its price.</summary>
internal sealed class RestingOrder(NewOrderRequest request, GatewayRequest origin, LinkConnection? owner)
{
    public NewOrderRequest Request { get; } = request;

    /// <summary>The new order's request, whose reports a repeated <c>cl_ord_id</c> gets again (the later fill included).</summary>
    public GatewayRequest Origin { get; } = origin;

    public LinkConnection? Owner { get; set; } = owner;

    public decimal Price { get; set; } = request.Price!.Value;

    public decimal Volume { get; set; } = request.Volume;

    public TradeSide Side => OrderTypeRules.SideOf(Request.Type);

    public string Key => Keys.Of(Request);

    /// <summary>The key of an order at the gateway: its account and id.</summary>
    public static class Keys
    {
        public static string Of(ProviderMessage message) => message.Account + "/" + message.OrderId;
    }
}
