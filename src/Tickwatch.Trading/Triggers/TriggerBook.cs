using Tickwatch.Core.Trading;
using Tickwatch.Trading.Orders;

namespace Tickwatch.Trading.Triggers;

/// <summary>
/// The armed triggers in memory: by order (what each order has armed) and by symbol and group (<see cref="TriggerLanes"/>,
/// what a quote crosses). One lock; every call is a few dictionary and sorted-set steps, never I/O.
/// </summary>
/// <remarks>
/// Orders arrive as committed, from the engine's observers and from store reads; two of them about one order may
/// arrive out of order. An order seen final is remembered (the newest <see cref="EndedOrdersKept"/>), so a late copy
/// of it as pending or open never re-arms it; a late non-final copy is corrected by the store read the service makes
/// when the engine refuses a firing.
/// </remarks>
internal sealed class TriggerBook
{
    public const int EndedOrdersKept = 100_000;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Trigger?[]> _byOrder = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, TriggerLanes>> _bySymbol = new(StringComparer.Ordinal);
    private readonly HashSet<string> _ended = new(StringComparer.Ordinal);
    private readonly Queue<string> _endedOrder = new();
    private readonly int[] _armed = new int[3];

    public int Armed(TriggerKind kind)
    {
        lock (_lock)
        {
            return _armed[(int)kind];
        }
    }

    /// <summary>Arms and disarms what <paramref name="order"/> implies as committed; adds to <paramref name="changed"/> each trigger whose state changed.</summary>
    /// <returns>True when a trigger was armed or moved (the caller re-checks it against the last quote).</returns>
    public bool Apply(Order order, List<TriggerId> changed)
    {
        ArgumentNullException.ThrowIfNull(order);
        var desired = new Trigger?[3];
        lock (_lock)
        {
            if (OrderTypeRules.IsFinal(order.Status))
            {
                Ended(order.Id);
            }
            else if (_ended.Contains(order.Id))
            {
                return false;
            }
            else
            {
                foreach (var trigger in Trigger.Of(order))
                {
                    desired[(int)trigger.Kind] = trigger;
                }
            }

            return Set(order.Id, desired, changed);
        }
    }

    /// <summary>Disarms every trigger of an order the store no longer holds.</summary>
    public void Forget(string orderId, List<TriggerId> changed)
    {
        lock (_lock)
        {
            Ended(orderId);
            Set(orderId, new Trigger?[3], changed);
        }
    }

    /// <summary>
    /// Disarms every trigger of the accounts <paramref name="dropped"/> names, without taking their orders as ended (their
    /// partition went to another instance and may come back); returns how many triggers were disarmed.
    /// </summary>
    public int DropAccounts(Func<AccountId, bool> dropped)
    {
        ArgumentNullException.ThrowIfNull(dropped);
        var changed = new List<TriggerId>();
        lock (_lock)
        {
            var orders = _byOrder.Where(o => o.Value.Any(t => t is not null && dropped(t.Account))).Select(o => o.Key).ToList();
            foreach (var orderId in orders)
            {
                Set(orderId, new Trigger?[3], changed);
            }
        }

        return changed.Count;
    }

    /// <summary>The trigger armed under <paramref name="id"/>, or null.</summary>
    public Trigger? Get(TriggerId id)
    {
        lock (_lock)
        {
            return _byOrder.TryGetValue(id.OrderId, out var armed) && armed[(int)id.Kind] is { } trigger && trigger.Symbol == id.Symbol && trigger.Account == id.Account
                ? trigger
                : null;
        }
    }

    public List<Trigger> All()
    {
        lock (_lock)
        {
            return [.. _byOrder.Values.SelectMany(a => a).OfType<Trigger>()];
        }
    }

    /// <summary>The groups with triggers armed on <paramref name="symbol"/>.</summary>
    public List<string> GroupsOf(string symbol)
    {
        lock (_lock)
        {
            return _bySymbol.TryGetValue(symbol, out var groups) ? [.. groups.Where(g => g.Value.Count > 0).Select(g => g.Key)] : [];
        }
    }

    /// <summary>Adds to <paramref name="crossed"/> the triggers of <paramref name="group"/> on <paramref name="symbol"/> that the quote fires.</summary>
    public void Crossed(string symbol, string group, decimal bid, decimal ask, decimal halfSpread, List<Trigger> crossed)
    {
        lock (_lock)
        {
            if (_bySymbol.TryGetValue(symbol, out var groups) && groups.TryGetValue(group, out var lanes))
            {
                lanes.Crossed(bid, ask, halfSpread, crossed);
            }
        }
    }

    private bool Set(string orderId, Trigger?[] desired, List<TriggerId> changed)
    {
        _byOrder.TryGetValue(orderId, out var current);
        var armed = false;
        for (var kind = 0; kind < desired.Length; kind++)
        {
            var was = current?[kind];
            var now = desired[kind];
            if (Equals(was, now))
            {
                continue;
            }

            if (was is not null)
            {
                LanesOf(was).Remove(was);
                _armed[kind]--;
                changed.Add(was.Id);
            }

            if (now is not null)
            {
                LanesOf(now).Add(now);
                _armed[kind]++;
                armed = true;
                if (now.Id != was?.Id)
                {
                    changed.Add(now.Id);
                }
            }
        }

        if (desired.All(t => t is null))
        {
            _byOrder.Remove(orderId);
        }
        else
        {
            _byOrder[orderId] = desired;
        }

        return armed;
    }

    private TriggerLanes LanesOf(Trigger trigger)
    {
        if (!_bySymbol.TryGetValue(trigger.Symbol, out var groups))
        {
            _bySymbol[trigger.Symbol] = groups = new Dictionary<string, TriggerLanes>(StringComparer.Ordinal);
        }

        if (!groups.TryGetValue(trigger.Group, out var lanes))
        {
            groups[trigger.Group] = lanes = new TriggerLanes();
        }

        return lanes;
    }

    private void Ended(string orderId)
    {
        if (_ended.Add(orderId))
        {
            _endedOrder.Enqueue(orderId);
            if (_endedOrder.Count > EndedOrdersKept)
            {
                _ended.Remove(_endedOrder.Dequeue());
            }
        }
    }
}
