using System.Collections.Concurrent;
using Tickwatch.Core.Trading;

namespace Tickwatch.Trading.Engine;

/// <summary>
/// The engine's recent decisions by id, for the forensics: which account an order belongs to (the store keys orders
/// by account, and an operator starts from an order id) and every refusal with the quote it refused. Bounded by count,
/// oldest forgotten first.
/// </summary>
public sealed class TradingJournal(int orderCapacity = TradingJournal.DefaultOrderCapacity, int refusalCapacity = TradingJournal.DefaultRefusalCapacity)
{
    public const int DefaultOrderCapacity = 100_000;
    public const int DefaultRefusalCapacity = 10_000;

    private readonly ConcurrentDictionary<string, AccountId> _orders = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _orderAge = new();
    private readonly ConcurrentDictionary<string, TradingRefusal> _refusals = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _refusalAge = new();

    /// <summary>The account of a recent order, or null when the journal never saw it or has forgotten it.</summary>
    public AccountId? AccountOf(string orderId) => _orders.TryGetValue(orderId, out var account) ? account : null;

    /// <summary>A recent refusal by its id.</summary>
    public TradingRefusal? Refusal(string refusalId) => _refusals.GetValueOrDefault(refusalId);

    internal void Committed(string orderId, AccountId account)
    {
        if (_orders.TryAdd(orderId, account))
        {
            Forget(_orders, _orderAge, orderId, orderCapacity);
        }
    }

    internal void Refused(TradingRefusal refusal)
    {
        if (refusal.Id.Length > 0 && _refusals.TryAdd(refusal.Id, refusal))
        {
            Forget(_refusals, _refusalAge, refusal.Id, refusalCapacity);
        }
    }

    private static void Forget<T>(ConcurrentDictionary<string, T> entries, ConcurrentQueue<string> age, string added, int capacity)
    {
        age.Enqueue(added);
        while (age.Count > capacity && age.TryDequeue(out var oldest))
        {
            entries.TryRemove(oldest, out _);
        }
    }
}
