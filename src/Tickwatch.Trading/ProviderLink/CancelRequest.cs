namespace Tickwatch.Trading.ProviderLink;

/// <summary>Cancels the resting order <see cref="ProviderMessage.OrderId"/>.</summary>
public sealed record CancelRequest : ProviderMessage;
