using Tickwatch.Trading.Store;

namespace Tickwatch.Trading.Orders;

/// <summary>The embedded order announcements of <c>tickwatch up</c> and the unit tier: each goes to the in-process subscribers at once.</summary>
/// <remarks>Handlers run on the publisher's thread (the engine's, right after the commit), in subscription order; one that throws is counted and skipped.</remarks>
public sealed class InMemoryOrderAnnouncements : IOrderAnnouncements
{
    private readonly InProcessHandlers<OrderAnnouncement> _handlers = new();

    /// <summary>Nothing here can fail.</summary>
    public long Failures => 0;

    /// <summary>Announcements here are objects already; none can be malformed.</summary>
    public long MalformedMessages => 0;

    /// <summary>Handler calls that threw.</summary>
    public long HandlerErrors => _handlers.Errors;

    public Task PublishAsync(OrderAnnouncement announcement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(announcement);
        _handlers.Invoke(announcement);
        return Task.CompletedTask;
    }

    public Task<IAsyncDisposable> SubscribeAsync(Action<OrderAnnouncement> onAnnounced, CancellationToken cancellationToken) =>
        Task.FromResult(_handlers.Add(onAnnounced));
}
