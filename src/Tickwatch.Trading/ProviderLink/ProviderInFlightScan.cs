using Tickwatch.Trading.Orders;

namespace Tickwatch.Trading.ProviderLink;

/// <summary>What the store holds for the link: the provider-routed orders in flight, and how many accounts route to the provider.</summary>
/// <param name="Orders">Orders with a request not finally answered.</param>
/// <param name="ProviderRoutedAccounts">Accounts whose route is <c>provider</c>.</param>
public sealed record ProviderInFlightScan(IReadOnlyList<Order> Orders, int ProviderRoutedAccounts);
