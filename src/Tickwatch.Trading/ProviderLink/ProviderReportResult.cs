using Tickwatch.Trading.Orders;

namespace Tickwatch.Trading.ProviderLink;

/// <summary>A report's outcome, the order as it stands after it (when the order is known), and why it was ignored.</summary>
public readonly record struct ProviderReportResult(ProviderReportOutcome Outcome, Order? Order, string? Detail = null);
