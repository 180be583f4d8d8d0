using System.Collections.Concurrent;
using Tickwatch.Trading.ProviderLink;

namespace Tickwatch.Trading.Tests.ProviderLink;

/// <summary>A link that records what the engine sends, and can be down or full.</summary>
internal sealed class RecordingProviderLink : IProviderLink
{
    public bool IsConnected { get; set; } = true;

    /// <summary>False: the send queue is full.</summary>
    public bool Accepts { get; set; } = true;

    /// <summary>True: the link goes down just as the next cancel is handed to it (after the engine's commit, before the wire).</summary>
    public bool DropsOnNextCancel { get; set; }

    public ConcurrentQueue<ProviderMessage> Sent { get; } = new();

    /// <summary>Requests the link would not take (down or full).</summary>
    public ConcurrentQueue<ProviderMessage> Refused { get; } = new();

    public bool TrySend(ProviderMessage request)
    {
        if (DropsOnNextCancel && request is CancelRequest)
        {
            DropsOnNextCancel = false;
            IsConnected = false;
        }

        if (!IsConnected || !Accepts)
        {
            Refused.Enqueue(request);
            return false;
        }

        Sent.Enqueue(request);
        return true;
    }
}
