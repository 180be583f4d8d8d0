namespace Tickwatch.Trading.ProviderLink;

/// <summary>An order with requests at the provider, as the connection manager tracks it.</summary>
/// <param name="OrderId">The order.</param>
/// <param name="Account">Its account, <c>live:42</c>.</param>
/// <param name="Symbol">Its symbol.</param>
/// <param name="ClientOrderIds">The requests in flight.</param>
/// <param name="Since">When the oldest of them was sent (or found in flight at start).</param>
/// <param name="AwaitsAnswer">False when the order only rests at the provider; true when an answer is owed.</param>
public sealed record ProviderInFlightOrder(string OrderId, string Account, string Symbol, IReadOnlyList<string> ClientOrderIds, DateTimeOffset Since, bool AwaitsAnswer);
