namespace Tickwatch.ClusterHarness;

/// <summary>One change the engine committed for an account, as the books hold it: its outbox kind (<c>order_filled</c>, <c>order_closed</c>, …) and its order.</summary>
internal sealed record CommittedEvent(string Kind, string? OrderId);
