namespace Tickwatch.Trading.ProviderLink;

/// <summary>The engine's side of the link: hand a request to the send queue, or learn at once that it cannot be sent.</summary>
public interface IProviderLink
{
    /// <summary>True while a connection to the gateway is up; requests are refused while it is not.</summary>
    bool IsConnected { get; }

    /// <summary>Queues <paramref name="request"/> for the gateway; false when the link is down or its send queue is full (nothing queued).</summary>
    bool TrySend(ProviderMessage request);
}
