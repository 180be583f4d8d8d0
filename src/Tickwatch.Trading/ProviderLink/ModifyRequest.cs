namespace Tickwatch.Trading.ProviderLink;

/// <summary>Changes the trigger price and/or the volume of the resting order <see cref="ProviderMessage.OrderId"/>; at least one is given.</summary>
public sealed record ModifyRequest : ProviderMessage
{
    public decimal? Price { get; init; }

    public decimal? Volume { get; init; }
}
