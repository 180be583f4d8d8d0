using System.Collections.Concurrent;
using Tickwatch.Trading.ProviderLink;

namespace Tickwatch.Trading.Tests.ProviderLink;

/// <summary>A link that records what the engine sends, and can be down or full.</summary>
internal sealed class RecordingProviderLink : IProviderLink
{
    public bool IsConnected { get; set; } = true;

    /// <summary>False: the send queue is full.</summary>
    public bool Accepts { get; set; } = true;

    public ConcurrentQueue<ProviderMessage> Sent { get; } = new();

    public bool TrySend(ProviderMessage request)
    {
        if (!IsConnected || !Accepts)
        {
            return false;
        }

        Sent.Enqueue(request);
        return true;
    }
}
