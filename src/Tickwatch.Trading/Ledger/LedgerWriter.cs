using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tickwatch.Core.Trading;
using Tickwatch.Storage.Cluster;
using Tickwatch.Trading.Store;

namespace Tickwatch.Trading.Ledger;

/// <summary>
/// Moves the trading store's outbox to the ledger, exactly once and in order per account: reads the pending accounts'
/// oldest entries, writes them in one batch (the ledger skips what it holds already), then trims each outbox up to
/// what the ledger holds, so the outbox stays bounded.
/// </summary>
/// <remarks>
/// <para>
/// <b>Exactly once, in order.</b> An entry leaves the outbox only after the ledger holds it, and the trim names the
/// last entry written, so a trim that meets a changed outbox does nothing. A writer stopped between the write and the
/// trim finds the entries again: they are at or before the account's ledger position (read at the first sight of the
/// account, after a failure again) and are trimmed as duplicates, never written twice.
/// </para>
/// <para>
/// <b>Backpressure.</b> A pass takes at most about <see cref="LedgerOptions.BatchSize"/> entries (whole commits, one
/// account's page at most past it), starting after the last account the previous pass read, so every pending account
/// is read in turn and a busy one does not starve the others. A failed pass waits <see cref="LedgerOptions.RetryDelay"/>, doubled per failure in a row up to
/// <see cref="LedgerOptions.MaxRetryDelay"/>; the outbox keeps everything meanwhile.
/// </para>
/// <para>
/// <b>Poison.</b> An entry that cannot be read or that the ledger refuses holds its account there: counted, logged
/// once, shown in <see cref="Report"/>; the account's later entries wait, the other accounts go on.
/// </para>
/// <para>
/// <b>In a cluster.</b> Each instance drains the outboxes of the accounts in its partitions (<see cref="IPartitionOwnership"/>)
/// only. While two instances briefly both own a partition, both may write an account's entries: the ledger skips what it
/// holds, and a trim naming an entry the other trimmed already does nothing. A position read while the account was owned
/// is read again once it comes back (the other owner moved it on meanwhile).
/// </para>
/// </remarks>
public sealed class LedgerWriter(
    ITradingOutbox outbox,
    ILedgerStore ledger,
    IOptions<LedgerOptions> options,
    TimeProvider time,
    ILogger<LedgerWriter> logger,
    IPartitionOwnership? ownership = null)
{
    private readonly IPartitionOwnership _ownership = ownership ?? new AllPartitionsOwned();
    private readonly LedgerOptions _options = options.Value;
    private readonly Dictionary<AccountId, LedgerEventId?> _positions = [];
    private readonly ConcurrentDictionary<AccountId, (long Depth, DateTimeOffset? Oldest)> _waiting = new();
    private readonly ConcurrentDictionary<AccountId, LedgerPoisonEntry> _poison = new();
    private DateTimeOffset? _lastSweep;
    private int _rotation;
    private int _failuresInRow;
    private int _state = (int)LedgerWriterState.NotStarted;
    private int _schemaVersion;
    private long _written;
    private long _duplicates;
    private long _failures;
    private long _poisonSeen;
    private long _lastPassTicks;
    private string? _lastError;

    public LedgerWriterState State => (LedgerWriterState)Volatile.Read(ref _state);

    /// <summary>The database, without secrets.</summary>
    public string Database => ledger is LedgerStore store ? store.Database : ledger.GetType().Name;

    public LedgerWriterReport Report()
    {
        var now = time.GetUtcNow();
        var waiting = _waiting.Values.ToArray();
        var oldest = waiting.Where(w => w.Oldest is not null).Select(w => w.Oldest!.Value).DefaultIfEmpty(now).Min();
        var lastPass = Interlocked.Read(ref _lastPassTicks);
        return new LedgerWriterReport(
            Database,
            Volatile.Read(ref _schemaVersion),
            State,
            oldest < now ? now - oldest : TimeSpan.Zero,
            waiting.Sum(w => w.Depth),
            waiting.Count(w => w.Depth > 0),
            Interlocked.Read(ref _written),
            Interlocked.Read(ref _duplicates),
            Interlocked.Read(ref _failures),
            [.. _poison.Values.OrderBy(p => p.Since)],
            Interlocked.Read(ref _poisonSeen),
            Volatile.Read(ref _lastError),
            lastPass == 0 ? null : new DateTimeOffset(lastPass, TimeSpan.Zero));
    }

    /// <summary>Migrates the schema, then runs passes until <paramref name="stoppingToken"/> fires; a database newer than the code stops it (<see cref="LedgerWriterState.Refused"/>).</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        try
        {
            if (!await StartAsync(stoppingToken).ConfigureAwait(false))
            {
                return;
            }

            while (!stoppingToken.IsCancellationRequested)
            {
                var pass = await RunOnceAsync(stoppingToken).ConfigureAwait(false);
                if (pass.Failed)
                {
                    await Task.Delay(Backoff(), time, stoppingToken).ConfigureAwait(false);
                }
                else if (!pass.More)
                {
                    await Task.Delay(_options.PollInterval, time, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what was not trimmed is found again at the next start.
        }
        finally
        {
            if (State != LedgerWriterState.Refused)
            {
                Volatile.Write(ref _state, (int)LedgerWriterState.Stopped);
            }
        }
    }

    /// <summary>Migrates the schema (retried with backoff while the database is unreachable).</summary>
    /// <returns>False when the database is newer than the code: the writer must not run.</returns>
    public async Task<bool> StartAsync(CancellationToken cancellationToken)
    {
        Volatile.Write(ref _state, (int)LedgerWriterState.Starting);
        while (true)
        {
            try
            {
                var migration = await ledger.MigrateAsync(cancellationToken).ConfigureAwait(false);
                Volatile.Write(ref _schemaVersion, migration.After);
                Volatile.Write(ref _state, (int)LedgerWriterState.Running);
                _failuresInRow = 0;
                LedgerWriterLog.Started(logger, Database, migration.After);
                return true;
            }
            catch (LedgerSchemaException ex)
            {
                Volatile.Write(ref _lastError, ex.Message);
                Volatile.Write(ref _state, (int)LedgerWriterState.Refused);
                LedgerWriterLog.Refused(logger, ex.Message);
                return false;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Fail(ex, "migrating the ledger's schema");
                await Task.Delay(Backoff(), time, cancellationToken).ConfigureAwait(false);
                Volatile.Write(ref _state, (int)LedgerWriterState.Starting);
            }
        }
    }

    /// <summary>One pass: the pending accounts' oldest entries to the ledger, then their outboxes trimmed.</summary>
    public async Task<LedgerPass> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var what = "reading the pending accounts";
        var plans = new List<Plan>();
        try
        {
            var sweep = _lastSweep is not { } swept || now - swept >= _options.SweepInterval;
            var accounts = await outbox.ReadPendingAccountsAsync(sweep, cancellationToken).ConfigureAwait(false);
            if (_ownership is not AllPartitionsOwned)
            {
                accounts = [.. accounts.Where(_ownership.Owns)];

                // Positions of accounts owned elsewhere now go stale there: forget them, read again if they come back.
                foreach (var other in _positions.Keys.Where(a => !_ownership.Owns(a)).ToList())
                {
                    _positions.Remove(other);
                }
            }

            if (sweep)
            {
                _lastSweep = now;
            }

            // An account no longer pending (emptied elsewhere) no longer counts in the depth and lag.
            foreach (var gone in _waiting.Keys.Except(accounts).ToList())
            {
                _waiting.TryRemove(gone, out _);
            }

            var batch = new List<LedgerEvent>(_options.BatchSize);
            var more = false;
            var start = accounts.Count == 0 ? 0 : _rotation % accounts.Count;
            var visited = 0;
            for (var n = 0; n < accounts.Count; n++)
            {
                if (batch.Count >= _options.BatchSize)
                {
                    more = true;
                    break;
                }

                visited++;

                var account = accounts[(start + n) % accounts.Count];
                what = "reading the outbox of " + account;
                var plan = await PlanAsync(account, now, cancellationToken).ConfigureAwait(false);
                plans.Add(plan);
                batch.AddRange(plan.Fresh);
            }

            // The next pass starts after the last account this one read: a start moved by one account per pass left
            // the accounts past a full batch waiting many passes while busy ones kept coming back (seconds of lag at 1,000 orders/s).
            _rotation = start + visited;

            what = $"writing {batch.Count} events to the ledger";
            var (written, duplicates) = await WriteAsync(plans, batch, cancellationToken).ConfigureAwait(false);

            what = "trimming the outboxes";
            foreach (var plan in plans)
            {
                // An account held at an entry waits for an operator: it does not make the next pass come at once.
                more |= await TrimAsync(plan, cancellationToken).ConfigureAwait(false) > 0 && plan.Refusal is null && plan.Reading.Poison is null;
            }

            duplicates += plans.Sum(p => p.Skipped);
            Interlocked.Add(ref _written, written);
            Interlocked.Add(ref _duplicates, duplicates);
            _failuresInRow = 0;
            Volatile.Write(ref _state, (int)LedgerWriterState.Running);
            if (written + duplicates > 0)
            {
                var moved = plans.Count(p => p.Covered > 0);
                LedgerWriterLog.Wrote(logger, written, moved, duplicates);
            }

            return new LedgerPass(written, duplicates, more, Failed: false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The ledger may hold more than was trimmed: positions are read again before the next write.
            _positions.Clear();
            Fail(ex, what);
            return new LedgerPass(0, 0, More: false, Failed: true);
        }
        finally
        {
            Interlocked.Exchange(ref _lastPassTicks, time.GetUtcNow().UtcTicks);
        }
    }

    private async Task<Plan> PlanAsync(AccountId account, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var max = _options.BatchSize;
        OutboxPage page;
        LedgerOutboxReading reading;
        while (true)
        {
            page = await outbox.ReadOutboxAsync(account, max, cancellationToken).ConfigureAwait(false);
            reading = LedgerOutboxReader.Read(account, page.Entries, complete: page.Entries.Count >= page.Depth, now);
            if (!reading.NeedsMore)
            {
                break;
            }

            // One commit longer than the page: read it whole rather than trim inside it.
            max *= 2;
        }

        if (max > _options.BatchSize && reading.Events.Count > 0)
        {
            // The longer page was for that one commit: the rest waits for the next pass, so the batch stays bounded.
            var first = reading.Events[0].Id.Revision;
            var commit = reading.Events.TakeWhile(e => e.Id.Revision == first).ToList();
            reading = reading with { Events = commit, Poison = commit.Count < reading.Events.Count ? null : reading.Poison };
        }

        if (!_positions.TryGetValue(account, out var position))
        {
            position = (await ledger.ReadAccountAsync(account, cancellationToken).ConfigureAwait(false))?.Position;
            _positions[account] = position;
        }

        if (position is { } held && page.Revision < held.Revision && page.Entries.Count > 0)
        {
            // Not a writer stopped before its trim (the hot state is then at or past the ledger): the store was emptied
            // or reset, and its new revisions would pass as ones the ledger holds. Nothing is written or trimmed.
            var text = page.Entries[0];
            var problem = string.Create(
                CultureInfo.InvariantCulture,
                $"the hot state is behind the ledger: revision {page.Revision} here, {held.Revision} in the ledger (the trading store was emptied or reset); restore the account from the ledger or start with an empty ledger");
            return new Plan(account, page, reading, 0, 0, [])
            {
                Refusal = new LedgerPoisonEntry(account, page.Revision, text.Length <= LedgerOutboxReader.EntryShown ? text : text[..LedgerOutboxReader.EntryShown], problem, now),
            };
        }

        var skipped = 0;
        while (skipped < reading.Events.Count && !reading.Events[skipped].Id.IsAfter(position))
        {
            skipped++;
        }

        return new Plan(account, page, reading, reading.Events.Count, skipped, reading.Events.Skip(skipped).ToList());
    }

    private async Task<(int Written, int Duplicates)> WriteAsync(List<Plan> plans, List<LedgerEvent> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return (0, 0);
        }

        try
        {
            var result = await ledger.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
            Advance(plans);
            return (result.Applied, result.Duplicates);
        }
        catch (ArgumentException)
        {
            // Refused whole for one account's event: each account alone, so the others go on and the one is held.
            var (written, duplicates) = (0, 0);
            foreach (var plan in plans.Where(p => p.Fresh.Count > 0))
            {
                try
                {
                    var result = await ledger.WriteAsync(plan.Fresh, cancellationToken).ConfigureAwait(false);
                    (written, duplicates) = (written + result.Applied, duplicates + result.Duplicates);
                    Advance([plan]);
                }
                catch (ArgumentException ex)
                {
                    var text = plan.Page.Entries[plan.Skipped];
                    plan.Refusal = new LedgerPoisonEntry(
                        plan.Account, plan.Fresh[0].Id.Revision, text.Length <= LedgerOutboxReader.EntryShown ? text : text[..LedgerOutboxReader.EntryShown], "the ledger refused it: " + ex.Message, time.GetUtcNow());
                }
            }

            return (written, duplicates);
        }
    }

    private void Advance(IEnumerable<Plan> plans)
    {
        foreach (var plan in plans.Where(p => p.Fresh.Count > 0))
        {
            _positions[plan.Account] = plan.Fresh[^1].Id;
        }
    }

    /// <returns>How many entries the account's outbox holds after it.</returns>
    private async Task<long> TrimAsync(Plan plan, CancellationToken cancellationToken)
    {
        Hold(plan.Account, plan.Refusal ?? plan.Reading.Poison);
        var covered = plan.Refusal is null ? plan.Covered : plan.Skipped;
        var left = covered == 0
            ? plan.Page.Depth
            : await outbox.TrimOutboxAsync(plan.Account, covered, plan.Page.Entries[covered - 1], cancellationToken).ConfigureAwait(false);
        if (left == 0)
        {
            _waiting.TryRemove(plan.Account, out _);
            return 0;
        }

        // The oldest entry left: the first not covered if this page read it, else (beyond the page) at most as old as the last covered.
        var times = plan.Reading.Times;
        var oldest = covered < times.Count ? times[covered] : times[covered - 1];
        oldest ??= _waiting.TryGetValue(plan.Account, out var known) && known.Oldest is { } before ? before : plan.Reading.Poison?.Since;
        _waiting[plan.Account] = (left, oldest);
        return left;
    }

    private void Hold(AccountId account, LedgerPoisonEntry? poison)
    {
        if (poison is null)
        {
            if (_poison.TryRemove(account, out _))
            {
                LedgerWriterLog.AccountReleased(logger, account);
            }

            return;
        }

        if (_poison.TryGetValue(account, out var held) && string.Equals(held.Entry, poison.Entry, StringComparison.Ordinal))
        {
            return;
        }

        _poison[account] = poison;
        Interlocked.Increment(ref _poisonSeen);
        LedgerWriterLog.EntryHeld(logger, account, poison.Problem, poison.Entry);
    }

    private void Fail(Exception exception, string what)
    {
        Interlocked.Increment(ref _failures);
        _failuresInRow++;
        Volatile.Write(ref _lastError, $"{what}: {exception.Message}");
        Volatile.Write(ref _state, (int)LedgerWriterState.BackingOff);
        LedgerWriterLog.PassFailed(logger, exception, what, Backoff(), exception.Message);
    }

    private TimeSpan Backoff()
    {
        var doublings = Math.Clamp(_failuresInRow - 1, 0, 20);
        var delay = _options.RetryDelay * Math.Pow(2, doublings);
        return delay < _options.MaxRetryDelay ? delay : _options.MaxRetryDelay;
    }

    /// <summary>One account's share of a pass.</summary>
    private sealed record Plan(AccountId Account, OutboxPage Page, LedgerOutboxReading Reading, int Covered, int Skipped, List<LedgerEvent> Fresh)
    {
        /// <summary>Set when the ledger refused its events: only what it held before is trimmed, and the account is held.</summary>
        public LedgerPoisonEntry? Refusal { get; set; }
    }
}
