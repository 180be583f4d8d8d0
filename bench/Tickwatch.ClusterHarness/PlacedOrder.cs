using Tickwatch.Core.Trading;

namespace Tickwatch.ClusterHarness;

/// <summary>An order request the harness sent: its account, its idempotency key and the order id it was answered, or null when it was refused or cut off.</summary>
internal sealed record PlacedOrder(AccountId Account, string IdempotencyKey, string? AnsweredOrderId);
