using System.Collections.Concurrent;

namespace Tickwatch.Trading.Triggers;

/// <summary>The embedded trigger index: armed triggers in a dictionary, for <c>tickwatch up</c> without Redis and for tests.</summary>
public sealed class InMemoryTriggerIndex : ITriggerIndex
{
    private readonly ConcurrentDictionary<TriggerId, Trigger> _triggers = new();

    public Task ArmAsync(Trigger trigger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        cancellationToken.ThrowIfCancellationRequested();
        _triggers[trigger.Id] = trigger;
        return Task.CompletedTask;
    }

    public Task DisarmAsync(TriggerId id, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _triggers.TryRemove(id, out _);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<Trigger>> LoadAllAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult<IReadOnlyList<Trigger>>([.. _triggers.Values]);
    }
}
