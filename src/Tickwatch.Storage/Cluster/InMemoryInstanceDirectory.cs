using Tickwatch.Core.Time;

namespace Tickwatch.Storage.Cluster;

/// <summary>Heartbeats in process memory, for instances of one process (tests); expiry on <see cref="TimeProvider.GetTimestamp"/>.</summary>
public sealed class InMemoryInstanceDirectory(TimeProvider time) : IInstanceDirectory
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (InstanceRecord Record, long ExpiresAt)> _instances = new(StringComparer.Ordinal);

    public Task BeatAsync(InstanceRecord self, TimeSpan ttl, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(self);
        ct.ThrowIfCancellationRequested();
        lock (_gate)
        {
            _instances[self.Id] = (self, time.GetTimestamp() + TimestampSpan.From(ttl, time.TimestampFrequency));
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<InstanceRecord>> ListAsync(CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var now = time.GetTimestamp();
        lock (_gate)
        {
            foreach (var id in _instances.Where(i => i.Value.ExpiresAt <= now).Select(i => i.Key).ToList())
            {
                _instances.Remove(id);
            }

            return Task.FromResult<IReadOnlyList<InstanceRecord>>([.. _instances.Values.Select(i => i.Record).OrderBy(r => r.Id, StringComparer.Ordinal)]);
        }
    }

    public Task RemoveAsync(string instanceId, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        lock (_gate)
        {
            _instances.Remove(instanceId);
        }

        return Task.CompletedTask;
    }
}
