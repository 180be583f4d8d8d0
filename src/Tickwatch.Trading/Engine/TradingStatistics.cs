using Tickwatch.Core.Trading;
using Tickwatch.Trading.Orders;

namespace Tickwatch.Trading.Engine;

/// <summary>What the engine did since start: orders by type, fills, closes by status, refusals by reason, and the last executions with the quotes they used.</summary>
public sealed class TradingStatistics
{
    /// <summary>Executions and refusals kept for <c>/api/debug/trading</c>.</summary>
    public const int Kept = 20;

    private readonly Lock _lock = new();
    private readonly long[] _placed = new long[Enum.GetValues<OrderType>().Length];
    private readonly long[] _finished = new long[Enum.GetValues<OrderStatus>().Length];
    private readonly long[] _refusals = new long[Enum.GetValues<RefusalReason>().Length];
    private readonly Queue<Order> _executions = new();
    private readonly Queue<TradingRefusal> _lastRefusals = new();
    private long _fills;

    public long Fills => Interlocked.Read(ref _fills);

    /// <summary>Recent orders and refusals by id, for the forensics.</summary>
    public TradingJournal Journal { get; } = new();

    public IReadOnlyDictionary<OrderType, long> PlacedByType => Snapshot(_placed, (OrderType t) => t);

    /// <summary>Orders that reached a final status, by it (CLOSED, STOPLOSS, TAKEPROFIT, CANCELLED, …).</summary>
    public IReadOnlyDictionary<OrderStatus, long> FinishedByStatus => Snapshot(_finished, (OrderStatus s) => s);

    public IReadOnlyDictionary<RefusalReason, long> RefusalsByReason => Snapshot(_refusals, (RefusalReason r) => r);

    /// <summary>The last fills and closes, newest last, each with the quote lineage it executed at.</summary>
    public IReadOnlyList<Order> LastExecutions
    {
        get
        {
            lock (_lock)
            {
                return [.. _executions];
            }
        }
    }

    public IReadOnlyList<TradingRefusal> LastRefusals
    {
        get
        {
            lock (_lock)
            {
                return [.. _lastRefusals];
            }
        }
    }

    internal void Committed(Order order, bool placed)
    {
        lock (_lock)
        {
            if (placed)
            {
                _placed[(int)order.Type]++;
            }

            if (OrderTypeRules.IsFinal(order.Status))
            {
                _finished[(int)order.Status]++;
            }

            var executed = (order.Status == OrderStatus.Open && order.OpenQuote is not null && order.ClosePrice is null) || order.CloseQuote is not null;
            if (executed)
            {
                if (order.CloseQuote is null)
                {
                    _fills++;
                }

                Keep(_executions, order);
            }
        }

        Journal.Committed(order.Id, order.Account);
    }

    internal void Refused(TradingRefusal refusal, RefusalReason reason)
    {
        lock (_lock)
        {
            _refusals[(int)reason]++;
            Keep(_lastRefusals, refusal);
        }

        Journal.Refused(refusal);
    }

    private static void Keep<T>(Queue<T> queue, T item)
    {
        queue.Enqueue(item);
        while (queue.Count > Kept)
        {
            queue.Dequeue();
        }
    }

    private Dictionary<TKey, long> Snapshot<TKey>(long[] counts, Func<TKey, TKey> key)
        where TKey : struct, Enum
    {
        lock (_lock)
        {
            return Enum.GetValues<TKey>().ToDictionary(key, k => counts[Convert.ToInt32(k, System.Globalization.CultureInfo.InvariantCulture)]);
        }
    }
}
