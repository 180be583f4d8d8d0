using System.Globalization;

namespace Tickwatch.Trading.ProviderLink;

/// <summary>The relay in process memory, for instances of one process (tests): ids <c>N-0</c>, trimmed to <paramref name="maxLength"/> entries.</summary>
public sealed class InMemoryProviderRelayStream(TimeProvider time, int maxLength = Storage.RedisKeys.ProviderRelayMaxLength) : IProviderRelayStream
{
    private readonly Lock _gate = new();
    private readonly List<(long Number, ReadOnlyMemory<byte> Payload)> _entries = [];
    private TaskCompletionSource _appended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _last;

    /// <summary>Entries held now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    public Task<string> AppendAsync(ReadOnlyMemory<byte> payload, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        TaskCompletionSource appended;
        string id;
        lock (_gate)
        {
            _entries.Add((++_last, payload.ToArray()));
            if (_entries.Count > maxLength)
            {
                _entries.RemoveRange(0, _entries.Count - maxLength);
            }

            id = IdOf(_last);
            appended = _appended;
            _appended = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        appended.TrySetResult();
        return Task.FromResult(id);
    }

    public Task<string> LastIdAsync(CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(_entries.Count == 0 ? ProviderRelayEntry.Start : IdOf(_entries[^1].Number));
        }
    }

    public async Task<IReadOnlyList<ProviderRelayEntry>> ReadAsync(string afterId, int max, TimeSpan wait, CancellationToken ct)
    {
        var after = NumberOf(afterId);
        Task appended;
        lock (_gate)
        {
            var entries = After(after, max);
            if (entries.Count > 0 || wait <= TimeSpan.Zero)
            {
                return entries;
            }

            appended = _appended.Task;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var timer = Task.Delay(wait, time, timeout.Token);
        await Task.WhenAny(appended, timer).ConfigureAwait(false);
        await timeout.CancelAsync().ConfigureAwait(false);
        ct.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return After(after, max);
        }
    }

    private List<ProviderRelayEntry> After(long after, int max) =>
        [.. _entries.Where(e => e.Number > after).Take(max).Select(e => new ProviderRelayEntry(IdOf(e.Number), e.Payload))];

    private static string IdOf(long number) => number.ToString(CultureInfo.InvariantCulture) + "-0";

    private static long NumberOf(string id)
    {
        var dash = id.IndexOf('-', StringComparison.Ordinal);
        return long.Parse(dash < 0 ? id : id[..dash], NumberStyles.None, CultureInfo.InvariantCulture);
    }
}
