using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tickwatch.Core.Trading;
using Tickwatch.Trading.Engine;

namespace Tickwatch.Trading.Orders;

/// <summary>
/// Announces every order change the engine commits on <c>order_updates</c> (<see cref="IOrderAnnouncements"/>), so that a
/// gateway in any process can tell the account's stream clients.
/// </summary>
/// <remarks>
/// Told right after each commit, on the thread that committed; it never waits there: the embedded announcement is made
/// at once, and a Redis PUBLISH is queued in commit order and its outcome counted when it comes. A failed announcement
/// is counted and logged; the order stands (the client's answer and its portfolio still tell of it).
/// </remarks>
public sealed class OrderAnnouncer(IOrderAnnouncements announcements, TimeProvider time, ILogger<OrderAnnouncer>? logger = null) : IOrderObserver
{
    private readonly ILogger _logger = logger ?? NullLogger<OrderAnnouncer>.Instance;
    private long _announced;
    private long _failed;

    /// <summary>Order changes announced.</summary>
    public long Announced => Interlocked.Read(ref _announced);

    /// <summary>Order changes whose announcement failed.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    public void OnOrdersCommitted(AccountId account, IReadOnlyList<Order> orders)
    {
        ArgumentNullException.ThrowIfNull(orders);
        var committedAt = time.GetUtcNow();
        foreach (var order in orders)
        {
            // What the store wrote to the account's order events (with its seq), so a replay repeats it exactly.
            var announcement = CommittedOrderEvents.Of(order) ?? OrderAnnouncement.Of(order, committedAt);
            var publishing = announcements.PublishAsync(announcement, CancellationToken.None);
            if (publishing.IsCompletedSuccessfully)
            {
                Interlocked.Increment(ref _announced);
                continue;
            }

            // Counted when the store answers; CountAsync catches everything, so nothing it does goes unobserved.
            _ = CountAsync(publishing, order);
        }
    }

    private async Task CountAsync(Task publishing, Order order)
    {
        try
        {
            await publishing.ConfigureAwait(false);
            Interlocked.Increment(ref _announced);
        }
        catch (Exception ex)
        {
            Interlocked.Increment(ref _failed);
            if (_logger.IsEnabled(LogLevel.Warning))
            {
                var accountText = order.Account.ToString();
                OrderAnnouncerLog.Failed(_logger, ex, order.Id, accountText, ex.Message);
            }
        }
    }
}
