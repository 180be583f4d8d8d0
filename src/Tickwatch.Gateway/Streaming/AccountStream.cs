using Microsoft.Extensions.Logging;
using Tickwatch.Core.Trading;
using Tickwatch.Gateway.Hosting;
using Tickwatch.Trading.Orders;
using Tickwatch.Trading.Portfolio;

namespace Tickwatch.Gateway.Streaming;

/// <summary>
/// One account's portfolio channel: the stream clients of that account, its latest portfolio, and the reads of the
/// store that announcements on <c>portfolio_updates</c> start, coalesced.
/// </summary>
/// <remarks>
/// <para>
/// An announcement never waits: with no read in flight it starts one; during a read it asks for one more (however
/// many arrive, one more read covers them all, as it starts after the last of them). A read's portfolio goes to every
/// client unless it is older than the one sent last, or the same one (<see cref="PortfolioMessage.IsNoNewerThan"/>),
/// so no client is ever sent an older portfolio after a newer one, whatever order the reads complete in.
/// </para>
/// <para>
/// Clients and the latest portfolio change under one lock, so a client that joins is sent the latest at once and
/// every newer one after it, never one in between twice or not at all.
/// </para>
/// <para>
/// Order changes carry the account's order event number (<see cref="OrderAnnouncement.Seq"/>), and each client is sent
/// each number once, in order (<see cref="AccountFollower"/>). A number more than one above the last heard is held for
/// the grace (<see cref="StreamOptions.OrderGapGrace"/>): two market services publishing for one account reorder their
/// messages, and a missing number that arrives within it is sent first, then the held ones, with nothing read. One still
/// missing after it is a gap (a publisher that died between its commit and its publish, a message lost with a node): the
/// missing events are read from the account's order events (<see cref="IOrderEventStream"/>) and sent first; a late
/// announcement of one of them is then dropped as a repeat. A client
/// that joins with <c>since_seq</c> is sent what it missed the same way before anything live. Both are one catch-up at a
/// time per account, off the announcing thread; meanwhile announcements are held, and sent after it in their order.
/// A client that missed more than is held, or more than <see cref="MaxReplay"/>, or whose events cannot be read, is told
/// <c>orders_reset</c> and reloads its orders.
/// </para>
/// </remarks>
internal sealed class AccountStream(
    AccountId account,
    IPortfolioStore store,
    IOrderEventStream orderEvents,
    TimeProvider time,
    TimeSpan readTimeout,
    TimeSpan orderGapGrace,
    StreamStatistics statistics,
    ILogger logger,
    CancellationToken closing)
{
    /// <summary>The most order events replayed to one client; more would crowd its queue (<see cref="ClientSession.MaxPendingOrders"/>), so it reloads instead.</summary>
    public const int MaxReplay = ClientSession.MaxPendingOrders / 2;

    // So many held means the missing one is lost, not late: every client waits on it, so it is read at once.
    private const int MaxHeldInGrace = MaxReplay / 2;

    private const int Idle = 0;
    private const int Reading = 1;
    private const int ReadingAndAnnounced = 2;

    private readonly Lock _gate = new();
    private readonly List<OrderAnnouncement> _held = [];
    private AccountFollower[] _followers = [];
    private PortfolioMessage? _latest;
    private int _reads;

    // The highest order event number sent to this account's clients, once one was (under _gate).
    private long _lastSeq;
    private bool _seqKnown;
    private bool _catchingUp;

    // The grace for the missing numbers before held announcements (under _gate): its timer, which one, and whether it ran out.
    private ITimer? _graceTimer;
    private long _graceGeneration;
    private bool _gapDue;

    public AccountId Account => account;

    public int ClientCount => Volatile.Read(ref _followers).Length;

    /// <summary>
    /// Adds a client and sends it the latest portfolio; true when there is none yet, so the caller should read it. With
    /// <paramref name="sinceSeq"/> the client is first sent the order events after it (or <c>orders_reset</c>).
    /// </summary>
    public bool Add(IAccountStreamClient client, long? sinceSeq = null)
    {
        lock (_gate)
        {
            var follower = sinceSeq is { } since
                ? new AccountFollower(client, since, resuming: true)
                : new AccountFollower(client, _seqKnown ? _lastSeq : null, resuming: false);
            _followers = [.. _followers, follower];
            if (follower.Resuming)
            {
                StartCatchUp();
            }

            if (_latest is { } latest)
            {
                client.OfferPortfolio(latest);
                return false;
            }

            return true;
        }
    }

    /// <summary>Removes a client; false when it was not one. <paramref name="left"/> is how many remain.</summary>
    public bool Remove(IAccountStreamClient client, out int left)
    {
        lock (_gate)
        {
            var before = _followers.Length;
            _followers = [.. _followers.Where(f => !ReferenceEquals(f.Client, client))];
            left = _followers.Length;
            if (left == 0)
            {
                // Nobody left to send held announcements to: the stream is dropped, its grace with it.
                StopGrace();
                _held.Clear();
            }

            return left < before;
        }
    }

    /// <summary>The account's portfolio changed: reads it, or asks the read in flight for one more. Never waits.</summary>
    public void OnAnnounced()
    {
        while (true)
        {
            var reads = Volatile.Read(ref _reads);
            if (reads == ReadingAndAnnounced)
            {
                statistics.CountPortfolioReadCoalesced();
                return;
            }

            if (Interlocked.CompareExchange(ref _reads, reads + 1, reads) == reads)
            {
                if (reads == Idle)
                {
                    // Runs until no announcement waits; ReadAsync catches everything, so nothing it does goes unobserved.
                    _ = ReadUntilCurrentAsync();
                }
                else
                {
                    statistics.CountPortfolioReadCoalesced();
                }

                return;
            }
        }
    }

    /// <summary>Sends one order change to every client of the account that has not had it; a gap before it is filled first. Never waits.</summary>
    public void OnOrder(OrderAnnouncement announcement)
    {
        lock (_gate)
        {
            if (_catchingUp)
            {
                _held.Add(announcement);
                return;
            }

            if (announcement.Seq is { } seq && _seqKnown)
            {
                if (seq <= _lastSeq)
                {
                    // Every client has it: a late one already sent from the store, or a repeat.
                    statistics.CountOrderEventDuplicate();
                    return;
                }

                if (seq > _lastSeq + 1)
                {
                    _held.Add(announcement);
                    AwaitMissing();
                    return;
                }
            }

            Deliver(announcement);
            if (_held.Count > 0 && ReleaseInOrder(through: 0) > 0)
            {
                statistics.CountOrderReorderAbsorbed();
            }
        }
    }

    /// <summary>Sends a portfolio read from the store to every client, unless it is no newer than the one sent last.</summary>
    public void Deliver(PortfolioMessage portfolio)
    {
        lock (_gate)
        {
            if (_latest is { } latest && portfolio.IsNoNewerThan(latest))
            {
                statistics.CountPortfolioNotNewer();
                return;
            }

            _latest = portfolio;
            foreach (var follower in _followers)
            {
                follower.Client.OfferPortfolio(portfolio);
            }
        }
    }

    // Under _gate: a live announcement to every follower that has not had it (one without a number to every live one).
    private void Deliver(OrderAnnouncement announcement)
    {
        var message = AccountMessages.Order(announcement);
        if (announcement.Seq is not { } seq)
        {
            foreach (var follower in _followers.Where(f => !f.Resuming))
            {
                follower.Client.OfferOrder(message);
            }

            return;
        }

        foreach (var follower in _followers)
        {
            follower.Offer(seq, message, replay: false);
        }

        Heard(seq);
    }

    private void Heard(long seq)
    {
        if (!_seqKnown || seq > _lastSeq)
        {
            _lastSeq = seq;
            _seqKnown = true;
        }
    }

    // Under _gate, with a held announcement ahead of a missing number: waits the grace for it, or reads at once.
    private void AwaitMissing()
    {
        if (orderGapGrace <= TimeSpan.Zero || _held.Count >= MaxHeldInGrace)
        {
            _gapDue = true;
            StartCatchUp();
            return;
        }

        if (_graceTimer is null)
        {
            var generation = ++_graceGeneration;
            _graceTimer = time.CreateTimer(state => GraceOver((long)state!), generation, orderGapGrace, Timeout.InfiniteTimeSpan);
        }
    }

    private void GraceOver(long generation)
    {
        lock (_gate)
        {
            // A grace whose missing numbers came (or another's timer) is no longer this one.
            if (generation != _graceGeneration || _graceTimer is null)
            {
                return;
            }

            StopGrace();
            if (_seqKnown && _held.Exists(a => a.Seq > _lastSeq + 1))
            {
                _gapDue = true;
                StartCatchUp();
            }
        }
    }

    // Under _gate.
    private void StopGrace()
    {
        _graceTimer?.Dispose();
        _graceTimer = null;
        _gapDue = false;
    }

    // Under _gate: sends the held announcements in number order up to the first still missing (past it up to
    // `through`: what the store was read for and did not have is sent as it is); how many went.
    private int ReleaseInOrder(long through)
    {
        _held.Sort(static (a, b) => (a.Seq ?? long.MinValue).CompareTo(b.Seq ?? long.MinValue));
        var released = 0;
        while (released < _held.Count
            && (_held[released].Seq is not { } seq || !_seqKnown || seq <= _lastSeq + 1 || seq <= through))
        {
            Deliver(_held[released]);
            released++;
        }

        _held.RemoveRange(0, released);
        if (_held.Count == 0)
        {
            StopGrace();
        }

        return released;
    }

    // Under _gate.
    private void StartCatchUp()
    {
        if (_catchingUp)
        {
            return;
        }

        _catchingUp = true;

        // Off the announcing thread (a subscription's queue must not wait on a read); RunCatchUpAsync catches everything.
        _ = Task.Run(RunCatchUpAsync, CancellationToken.None);
    }

    private async Task RunCatchUpAsync()
    {
        try
        {
            await CatchUpAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // A fault of the gateway's own: logged, and nothing held is kept back (sent as heard).
            statistics.CountOrderEventReadFailure();
            lock (_gate)
            {
                var accountText = account.ToString();
                ResumeLog.ReadFailed(logger, ex, accountText, _lastSeq, _followers.Length, ex.Message);
                foreach (var follower in _followers)
                {
                    follower.Resuming = false;
                    follower.InCatchUp = false;
                }

                ReleaseInOrder(through: long.MaxValue);
                _catchingUp = false;
            }
        }
    }

    private async Task CatchUpAsync()
    {
        while (true)
        {
            AccountFollower[] resuming;
            long from;
            long lastBefore;
            long covered;
            bool gap;
            lock (_gate)
            {
                resuming = [.. _followers.Where(f => f.Resuming)];
                gap = _seqKnown && _gapDue && _held.Exists(a => a.Seq > _lastSeq + 1);
                if (resuming.Length == 0 && !gap)
                {
                    // What is in order goes; one held past a number still missing waits its grace.
                    ReleaseInOrder(through: 0);
                    _catchingUp = false;
                    if (_held.Count > 0)
                    {
                        AwaitMissing();
                    }

                    return;
                }

                if (gap)
                {
                    StopGrace();
                }

                covered = gap ? _held.Max(a => a.Seq ?? 0) : 0;
                lastBefore = _lastSeq;
                from = Math.Min(resuming.Select(f => f.Position!.Value).DefaultIfEmpty(long.MaxValue).Min(), gap ? _lastSeq : long.MaxValue);
                foreach (var follower in resuming)
                {
                    follower.Replayed = 0;
                    follower.WasReset = false;
                    follower.InCatchUp = true;
                }
            }

            int filled;
            try
            {
                filled = await ReadFromAsync(from, lastBefore).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                if (closing.IsCancellationRequested)
                {
                    lock (_gate)
                    {
                        _catchingUp = false;
                    }

                    return;
                }

                filled = -1;
                ReadFailed(ex, from, resuming, gap);
            }

            lock (_gate)
            {
                foreach (var follower in resuming)
                {
                    follower.Resuming = false;
                    follower.InCatchUp = false;
                    Told(follower);
                }

                // What was held goes now in order, each to whoever has not had it; a number the store was read for and did not
                // have is sent as it is. One heard during the read past a number still missing waits (next round).
                ReleaseInOrder(covered);
            }

            if (gap && filled >= 0)
            {
                statistics.CountOrderGapFilled();
                var accountText = account.ToString();
                ResumeLog.GapFilled(logger, accountText, lastBefore + 1, Math.Max(lastBefore, Volatile.Read(ref _lastSeq)), filled);
            }
        }
    }

    // Reads the events after `from` page by page and sends each to whoever needs it; returns how many were new to the account.
    private async Task<int> ReadFromAsync(long from, long lastBefore)
    {
        var filled = 0;
        while (true)
        {
            OrderEventPage page;
            using (var timeout = new CancellationTokenSource(readTimeout, time))
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(closing, timeout.Token))
            {
                page = await orderEvents.ReadSinceAsync(account, from, MaxReplay, linked.Token).ConfigureAwait(false);
            }

            long behind;
            lock (_gate)
            {
                // Who cannot be brought up to date event by event: told to reload, and stand at the store's last.
                foreach (var follower in _followers.Where(f => f.CatchesUp))
                {
                    var tooFar = follower.Position is { } position
                        && (position > page.Last
                            || (position < page.Last && (page.FirstRetained == 0 || position + 1 < page.FirstRetained || position + MaxReplay < page.Last)));
                    if (tooFar)
                    {
                        follower.Reset(page.Last);
                    }
                }

                foreach (var committed in page.Events)
                {
                    var seq = committed.Seq!.Value;
                    var message = AccountMessages.Order(committed);
                    foreach (var follower in _followers)
                    {
                        if (follower.Offer(seq, message, replay: true))
                        {
                            follower.Replayed++;
                        }
                    }

                    if (seq > lastBefore)
                    {
                        filled++;
                    }

                    Heard(seq);
                }

                if (page.Reset || page.Events.Count == 0)
                {
                    Heard(page.Last);
                }

                behind = _followers.Where(f => f.CatchesUp && f.Position < page.Last).Select(f => f.Position!.Value).DefaultIfEmpty(page.Last).Min();
            }

            // Nobody behind the store's last any more; or, with a page that brought nothing, nothing more to read.
            if (behind >= page.Last || (page.Events.Count == 0 && !page.Reset))
            {
                return filled;
            }

            from = behind;
        }
    }

    // Under _gate, after a catch-up: one line and one count per resumed client.
    private void Told(AccountFollower follower)
    {
        var accountText = account.ToString();
        if (follower.WasReset)
        {
            statistics.CountResumeReset();
            ResumeLog.Reset(logger, follower.Client.Id, accountText, follower.SinceSeq ?? 0, follower.Position ?? 0, "the events it missed are no longer held here");
        }
        else
        {
            statistics.CountResumeReplayed();
            if (logger.IsEnabled(LogLevel.Information))
            {
                ResumeLog.Replayed(logger, follower.Client.Id, accountText, follower.SinceSeq ?? 0, follower.Replayed, follower.Position ?? 0);
            }
        }
    }

    private void ReadFailed(Exception exception, long from, AccountFollower[] resuming, bool gap)
    {
        statistics.CountOrderEventReadFailure();
        lock (_gate)
        {
            // Everyone waiting on the read stands at the highest number known, and reloads what it may have missed.
            var seq = Math.Max(_lastSeq, _held.Select(a => a.Seq ?? 0).DefaultIfEmpty(0).Max());
            AccountFollower[] waiting = gap ? [.. resuming.Union(_followers.Where(f => !f.Resuming && f.Position < seq))] : resuming;
            foreach (var follower in waiting)
            {
                follower.Reset(seq);
            }

            Heard(seq);
            var accountText = account.ToString();
            ResumeLog.ReadFailed(logger, exception, accountText, from, waiting.Length, exception.Message);
        }
    }

    private async Task ReadUntilCurrentAsync()
    {
        while (true)
        {
            await ReadAsync().ConfigureAwait(false);

            // Announced meanwhile: one more read, started after them all, covers every one.
            if (Interlocked.CompareExchange(ref _reads, Idle, Reading) == Reading)
            {
                return;
            }

            Volatile.Write(ref _reads, Reading);
        }
    }

    private async Task ReadAsync()
    {
        statistics.CountPortfolioRead();
        AccountPortfolio? portfolio;
        try
        {
            using var timeout = new CancellationTokenSource(readTimeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(closing, timeout.Token);
            portfolio = await store.ReadAsync(account, linked.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Counted and logged; the account's next announcement reads again. Closing the gateway is no failure.
            if (!closing.IsCancellationRequested)
            {
                statistics.CountPortfolioReadFailure();
                if (logger.IsEnabled(LogLevel.Warning))
                {
                    var accountText = account.ToString();
                    GatewayLog.PortfolioReadFailed(logger, ex, accountText, ex.Message);
                }
            }

            return;
        }

        // None written yet: the first write is announced. Another account's portfolio is never this account's clients'.
        if (portfolio is not null && portfolio.Account == account)
        {
            Deliver(AccountMessages.Portfolio(portfolio));
        }
    }
}
