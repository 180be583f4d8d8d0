namespace Tickwatch.Simulators.ExecGateway;

/// <summary>A resting order as <c>GET /control/orders</c> shows it.</summary>
public sealed record RestingOrderView(string OrderId, string ClientOrderId, string Account, string Symbol, string Type, decimal Volume, decimal Price);
