using System.Collections.Concurrent;

namespace Tickwatch.BenchSupport;

/// <summary>The newest value seen per symbol at one place (the book, the store, a client); a value older than one already seen is a regression.</summary>
public sealed class MonotonicWatch<T>(string invariant, string where, InvariantLog log)
    where T : IComparable<T>
{
    private readonly ConcurrentDictionary<string, T> _newest = new(StringComparer.Ordinal);
    private long _seen;

    /// <summary>Values seen (each one checked against the newest before it).</summary>
    public long Seen => Interlocked.Read(ref _seen);

    public IReadOnlyDictionary<string, T> Newest => _newest;

    public void Observe(string symbol, T value, string? context = null)
    {
        Interlocked.Increment(ref _seen);
        log.Checked(invariant);
        if (_newest.TryGetValue(symbol, out var newest))
        {
            if (value.CompareTo(newest) < 0)
            {
                log.Violated(invariant, where, $"{symbol}: {value} after {newest}{(context is null ? "" : " (" + context + ")")}");
                return;
            }

            if (value.CompareTo(newest) == 0)
            {
                return;
            }
        }

        _newest[symbol] = value;
    }

    /// <summary>Whether every symbol of <paramref name="before"/> has a value newer than it had then.</summary>
    public bool AdvancedPast(IReadOnlyDictionary<string, T> before) =>
        before.All(p => _newest.TryGetValue(p.Key, out var now) && now.CompareTo(p.Value) > 0);

    public Dictionary<string, T> Snapshot() => new(_newest, StringComparer.Ordinal);
}
