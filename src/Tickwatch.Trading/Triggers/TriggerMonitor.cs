using System.Collections.Concurrent;
using System.Threading.Channels;
using Tickwatch.Core.Prices;
using Tickwatch.Core.Trading;
using Tickwatch.Storage.Cluster;
using Tickwatch.Trading.Engine;
using Tickwatch.Trading.Orders;

namespace Tickwatch.Trading.Triggers;

/// <summary>
/// The triggers' ears: told of every quote the book accepts and of every order the engine commits, it keeps the armed
/// triggers in memory and queues work for the <see cref="TriggerService"/>, never blocking a feed or a request thread.
/// </summary>
/// <remarks>
/// <para>
/// A quote is offered to its symbol's <see cref="CoalescingQuoteSlot"/>; a slot that has a quote waiting goes once into
/// the ready queue that the service's one consumer takes. A burst of quotes of one symbol is therefore handled as its
/// newest quote, one at a time, never two at once.
/// </para>
/// <para>
/// An order committed arms and disarms its triggers at once in memory (<see cref="TriggerBook"/>); each trigger that
/// changed is queued for the service to write to the <see cref="ITriggerIndex"/> as memory then holds it, so writes
/// that race or repeat still leave the index as memory is.
/// </para>
/// <para>
/// It is apart from the service because the price book is built with its listeners and the engine with its observers,
/// while the service needs the engine: this half needs neither.
/// </para>
/// </remarks>
public sealed class TriggerMonitor : IQuoteListener, IOrderObserver
{
    private readonly ConcurrentDictionary<string, CoalescingQuoteSlot> _slots = new(StringComparer.Ordinal);
    private readonly Func<string, CoalescingQuoteSlot> _newSlot = static symbol => new CoalescingQuoteSlot(symbol);
    private readonly Channel<TriggerWork> _ready = Channel.CreateUnbounded<TriggerWork>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<TriggerId> _indexChanges = Channel.CreateUnbounded<TriggerId>(new UnboundedChannelOptions { SingleReader = true });
    private long _offered;
    private int _indexBacklog;
    private int _readyBacklog;

    private readonly IPartitionOwnership _ownership;

    /// <param name="ownership">The account partitions whose triggers this instance arms; all of them when null (alone).</param>
    public TriggerMonitor(IPartitionOwnership? ownership = null) => _ownership = ownership ?? new AllPartitionsOwned();

    internal TriggerBook Book { get; } = new();

    /// <summary>The account partitions whose triggers are armed here.</summary>
    internal IPartitionOwnership Ownership => _ownership;

    internal ChannelReader<TriggerWork> Ready => _ready.Reader;

    internal ChannelReader<TriggerId> IndexChanges => _indexChanges.Reader;

    public long QuotesOffered => Interlocked.Read(ref _offered);

    public long QuotesCoalesced => _slots.Values.Sum(s => s.Conflations);

    public int IndexBacklog => Volatile.Read(ref _indexBacklog);

    /// <summary>True when no quote or re-check waits to be handled (one being handled by the service is not counted here).</summary>
    public bool NothingReady => Volatile.Read(ref _readyBacklog) == 0 && !_slots.Values.Any(s => s.HasPending);

    public void OnQuote(Quote quote)
    {
        ArgumentNullException.ThrowIfNull(quote);

        // A warm-up quote is a stored value after a restart: shown, never traded on, so it fires nothing.
        if (quote.IsWarmup)
        {
            return;
        }

        Interlocked.Increment(ref _offered);
        var slot = _slots.GetOrAdd(quote.Symbol, _newSlot);
        if (slot.Offer(quote) == QuoteOfferOutcome.Enqueue)
        {
            Enqueue(new TriggerWork(slot, quote.Symbol));
        }
    }

    public void OnOrdersCommitted(AccountId account, IReadOnlyList<Order> orders)
    {
        ArgumentNullException.ThrowIfNull(orders);

        // An order committed here on an account owned elsewhere is armed by its owner, which hears of it on order_updates.
        if (!_ownership.Owns(account))
        {
            return;
        }

        foreach (var order in orders)
        {
            Apply(order);
        }
    }

    /// <summary>Arms and disarms what a committed (or freshly read) order implies; returns how many triggers changed.</summary>
    internal int Apply(Order order)
    {
        var changed = new List<TriggerId>(2);
        if (Book.Apply(order, changed))
        {
            // A trigger armed now may be crossed by the last quote already (a stop of a position filled on a gap).
            Enqueue(new TriggerWork(null, order.Symbol));
        }

        QueueIndexWrites(changed);
        return changed.Count;
    }

    /// <summary>Disarms every trigger of an order the store no longer holds; returns how many were armed.</summary>
    internal int Forget(string orderId)
    {
        var changed = new List<TriggerId>(2);
        Book.Forget(orderId, changed);
        QueueIndexWrites(changed);
        return changed.Count;
    }

    /// <summary>Asks the service to look at <paramref name="symbol"/>'s triggers again with the last quote it handled.</summary>
    internal void Recheck(string symbol) => Enqueue(new TriggerWork(null, symbol));

    /// <summary>Queues an index write of <paramref name="id"/> as memory holds it (arm, or disarm when not armed).</summary>
    internal void QueueIndexWrite(TriggerId id)
    {
        Interlocked.Increment(ref _indexBacklog);
        _indexChanges.Writer.TryWrite(id);
    }

    internal void IndexWriteTaken() => Interlocked.Decrement(ref _indexBacklog);

    internal void WorkTaken() => Interlocked.Decrement(ref _readyBacklog);

    internal void Requeue(CoalescingQuoteSlot slot) => Enqueue(new TriggerWork(slot, slot.Symbol));

    private void QueueIndexWrites(List<TriggerId> changed)
    {
        foreach (var id in changed)
        {
            QueueIndexWrite(id);
        }
    }

    private void Enqueue(TriggerWork work)
    {
        Interlocked.Increment(ref _readyBacklog);
        _ready.Writer.TryWrite(work);
    }
}
