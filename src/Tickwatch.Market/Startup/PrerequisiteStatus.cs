namespace Tickwatch.Market.Startup;

/// <summary>The latest result of every prerequisite and whether the service runs degraded; shared by start-up, the recheck and diagnostics.</summary>
public sealed class PrerequisiteStatus
{
    private readonly Lock _gate = new();
    private readonly List<PrerequisiteRecord> _records = [];
    private DateTimeOffset? _validatedAt;
    private double _passedPercent;
    private DateTimeOffset? _degradedSince;

    /// <summary>True while a critical prerequisite that failed at start-up has not passed again.</summary>
    public bool Degraded
    {
        get
        {
            lock (_gate)
            {
                return _degradedSince is not null;
            }
        }
    }

    public StartupSnapshot Snapshot()
    {
        lock (_gate)
        {
            return new StartupSnapshot(_validatedAt, _passedPercent, _degradedSince is not null, _degradedSince, [.. _records]);
        }
    }

    internal void Validated(DateTimeOffset at, double passedPercent)
    {
        lock (_gate)
        {
            _validatedAt = at;
            _passedPercent = passedPercent;
        }
    }

    internal void Record(IPrerequisiteCheck check, PrerequisiteResult result, DateTimeOffset at)
    {
        var record = new PrerequisiteRecord(check.Name, check.IsCritical, result.Passed, result.Outcome, result.Detail, at);
        lock (_gate)
        {
            var index = _records.FindIndex(r => r.Name == check.Name);
            if (index >= 0)
            {
                _records[index] = record;
            }
            else
            {
                _records.Add(record);
            }
        }
    }

    internal void EnterDegraded(DateTimeOffset at)
    {
        lock (_gate)
        {
            _degradedSince ??= at;
        }
    }

    internal void LeaveDegraded()
    {
        lock (_gate)
        {
            _degradedSince = null;
        }
    }
}
