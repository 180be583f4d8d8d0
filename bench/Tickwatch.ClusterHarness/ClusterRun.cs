using System.Diagnostics;
using System.Text.Json.Nodes;
using Tickwatch.BenchSupport;
using Tickwatch.Core.Trading;
using Tickwatch.Storage;
using Tickwatch.Storage.Cluster;
using static System.FormattableString;

namespace Tickwatch.ClusterHarness;

/// <summary>
/// The harness's engine: starts the system (<see cref="ClusterSystem"/>), stream clients on both gateways and the store
/// watch, runs the chosen scenarios one after the other and returns the report. The bench command and the CI test both run this.
/// </summary>
internal sealed partial class ClusterRun(ClusterSettings settings, string command)
{
    private static readonly TimeSpan RecoveryDeadline = TimeSpan.FromSeconds(30);
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly DateTimeOffset _startedAt = DateTimeOffset.UtcNow;
    private InvariantLog _log = null!;
    private ClusterSystem _system = null!;
    private StoreFeedWatch _store = null!;
    private List<ClusterStreamClient> _clients = [];
    private ClusterTrader _trader = null!;
    private LedgerRecords _ledger = null!;

    // Accounts traded outside the trader (stop-outs, triggers), and their order requests with keys: the duplicates count covers them too.
    private readonly List<AccountId> _otherAccounts = [];
    private readonly List<PlacedOrder> _otherPlaced = [];

    private double Now => Stopwatch.GetElapsedTime(_started).TotalSeconds;

    /// <summary>The seeded demo accounts the trader places its orders for.</summary>
    private static IEnumerable<AccountId> TraderAccounts => [new(UserType.Demo, 1), new(UserType.Demo, 2), new(UserType.Demo, 3)];

    public async Task<ClusterReport> RunAsync()
    {
        _log = new InvariantLog(_started);
        Directory.CreateDirectory(settings.Output);
        Say($"Cluster harness: {string.Join(", ", settings.Scenarios)}; Redis from {settings.ClusterPort}, services from {settings.PortBase}; output {settings.Output}");
        _system = await ClusterSystem.StartAsync(settings, _log);
        await using var system = _system;
        _ledger = new LedgerRecords((await _system.StoreConnection.GetAsync(CancellationToken.None)).GetDatabase(), _system.LedgerDatabase);
        await using var ledger = _ledger;
        _trader = new ClusterTrader(_system.Http, account => _system.Token(account.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), "demo"));
        var symbols = await MovingSymbolsAsync();
        Say($"{symbols.Length} symbols moving: {string.Join(' ', symbols)}");
        _store = new StoreFeedWatch(_system.Store, symbols, _log);

        var gateways = _system.Gateways.Select(g => new Uri(Invariant($"ws://127.0.0.1:{g.Address.Port}/api/stream"))).ToArray();
        var token = _system.Token("1", "demo");
        var random = new Random(17);

        // Every client follows demo:1's portfolio channel (its order events) and some symbols, half of them on each gateway.
        string[] followed = [.. ClusterTrader.Symbols.Where(symbols.Contains)];
        _clients = [.. Enumerable.Range(1, settings.Clients).Select(i => new ClusterStreamClient(
            i,
            gateways,
            i % 2,
            token,
            [.. followed.Concat(random.GetItems(symbols, Math.Min(settings.SymbolsPerClient, symbols.Length))).Distinct(StringComparer.Ordinal)],
            _log))];

        using var stop = new CancellationTokenSource();
        List<Task> running = [.. _clients.Select(c => c.RunAsync(stop.Token)), _store.RunAsync(TimeSpan.FromMilliseconds(20), stop.Token)];
        var results = new List<ScenarioResult>();
        try
        {
            await WaitAsync(() => Task.FromResult(_clients.All(c => c.Subscribed && c.Watch.Seen > 0)), "every client subscribed and shown prices", TimeSpan.FromSeconds(60));
            Say($"{_clients.Count} clients subscribed, half on each gateway");
            foreach (var scenario in settings.Scenarios)
            {
                Say($"Scenario {scenario}");
                var result = scenario switch
                {
                    ClusterScenario.WriterKill => await WriterKillsAsync(),
                    ClusterScenario.Sigstop => await SigstopAsync(),
                    ClusterScenario.GatewayKill => await GatewayKillAsync(),
                    ClusterScenario.MasterAndMarketKill => await MasterAndMarketKillAsync(),
                    ClusterScenario.Throughput => await ThroughputAsync(),
                    ClusterScenario.StopOutKill => await StopOutKillsAsync(),
                    ClusterScenario.TriggerKill => await TriggerKillsAsync(),
                    ClusterScenario.ProviderStopOutKill => await ProviderStopOutKillsAsync(),
                    _ => throw new ArgumentOutOfRangeException(nameof(settings)),
                };
                results.Add(result);
                Say($"{scenario}: {string.Join(", ", result.Figures.Select(f => Invariant($"{f.Key} {f.Value:0.###}")))}");
            }

            Say("Duplicates over every order placed");
            var duplicates = await DuplicatesAsync();
            results.Add(duplicates);
            Say($"duplicates: {string.Join(", ", duplicates.Figures.Select(f => Invariant($"{f.Key} {f.Value:0.###}")))}");
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
        {
            _log.Violated("scenario-completed", "harness", ex.Message);
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(running);
        }

        _log.Freeze();
        return new ClusterReport(
            command,
            _startedAt,
            Math.Round(Now, 1),
            settings.HubRate,
            symbols.Length,
            settings.Clients,
            results,
            new Dictionary<string, long>(_log.Checks, StringComparer.Ordinal),
            new Dictionary<string, long>(_log.ViolationCounts, StringComparer.Ordinal),
            _log.TotalViolations,
            _log.Violations);
    }

    /// <summary>SIGKILLs the feed's holder <see cref="ClusterSettings.Kills"/> times, restarting it after each, and times the takeovers.</summary>
    private async Task<ScenarioResult> WriterKillsAsync()
    {
        var kills = new List<KillTiming>();
        for (var i = 1; i <= settings.Kills; i++)
        {
            var timing = await KillWriterAsync(i);
            kills.Add(timing);
            Say(Invariant($"kill {i}: {timing.Killed} ({timing.KilledToken}) -> {timing.NewHolder} ({timing.NewToken}); takeover {timing.TakeoverSeconds:0.000} s, all symbols {timing.AllSymbolsSeconds:0.000} s"));
            await _system.Market(timing.Killed).StartAsync(_system.Http, "health/ready", TimeSpan.FromSeconds(90));
        }

        var takeovers = kills.Where(k => k.TakeoverSeconds is not null).Select(k => k.TakeoverSeconds!.Value).Order().ToArray();
        var all = kills.Where(k => k.AllSymbolsSeconds is not null).Select(k => k.AllSymbolsSeconds!.Value).Order().ToArray();
        return new ScenarioResult(
            "writer-kill",
            new Dictionary<string, double?>
            {
                ["kills"] = kills.Count,
                ["takeover_p50_s"] = Percentile(takeovers, 0.5),
                ["takeover_max_s"] = takeovers.Length > 0 ? takeovers[^1] : null,
                ["takeover_over_target"] = takeovers.Count(t => t > settings.TakeoverTarget.TotalSeconds),
                ["freshness_recovered_p50_s"] = Percentile(all, 0.5),
                ["freshness_recovered_max_s"] = all.Length > 0 ? all[^1] : null,
                ["store_regressions"] = _log.ViolationCounts.GetValueOrDefault("no-regression-in-redis"),
                ["client_regressions"] = _log.ViolationCounts.GetValueOrDefault("no-regression-at-client"),
                ["store_versions_checked"] = _store.Watch.Seen,
            },
            [
                Invariant($"takeover = first stored price of feed '{ClusterSystem.FeedName}' with received_at after the SIGKILL, minus the SIGKILL's time (store read every 20 ms); target {settings.TakeoverTarget.TotalSeconds:0.0} s"),
                "freshness recovered = every watched symbol has a stored price received after the kill",
            ],
            kills);
    }

    private async Task<KillTiming> KillWriterAsync(int kill)
    {
        var (holder, token) = await SteadyHolderAsync();
        var market = _system.Market(holder);
        var killedAt = DateTimeOffset.UtcNow;
        await market.KillAsync();

        // Marked once the process is gone: a price it received between the kill's time and its death is not the new writer's.
        _store.Mark(DateTimeOffset.UtcNow);
        _log.Checked("takeover-within-target");
        var recovered = await WaitForAsync(() => Task.FromResult(_store.AllWrittenAfterMark is not null), RecoveryDeadline);
        var first = _store.FirstWrittenAfterMark;
        var newHolder = await _system.FeedHolderAsync();
        var takeover = first is { } f ? (f - killedAt).TotalSeconds : (double?)null;
        if (takeover is null || takeover > settings.TakeoverTarget.TotalSeconds)
        {
            _log.Violated("takeover-within-target", Invariant($"kill {kill} of {holder}"), takeover is null
                ? Invariant($"the feed was not written again within {RecoveryDeadline.TotalSeconds:0} s")
                : Invariant($"takeover took {takeover:0.000} s"));
        }

        _log.Checked("new-holder-token-higher");
        if (newHolder is not { } n || n.Holder == holder || n.Token <= token)
        {
            _log.Violated("new-holder-token-higher", Invariant($"kill {kill} of {holder}"), Invariant($"after the kill the lease is {(newHolder is { } h ? $"{h.Token}|{h.Holder}" : "unheld")}, before {token}|{holder}"));
        }

        if (!recovered)
        {
            _log.Violated("freshness-recovered", Invariant($"kill {kill} of {holder}"), Invariant($"{_store.Symbols.Count} symbols, not all written again within {RecoveryDeadline.TotalSeconds:0} s"));
        }

        return new KillTiming(
            kill,
            holder,
            token,
            newHolder?.Holder,
            newHolder?.Token,
            takeover is { } t ? Math.Round(t, 3) : null,
            _store.AllWrittenAfterMark is { } a ? Math.Round((a - killedAt).TotalSeconds, 3) : null);
    }

    /// <summary>
    /// SIGSTOPs the feed's writer until the other instance has taken the feed over, then SIGCONTs it: nothing it writes
    /// after resuming may land (its writer's last write is before the resume), its late quotes are refused (by its lease
    /// or the store's fence) and no stored price goes back.
    /// </summary>
    private async Task<ScenarioResult> SigstopAsync()
    {
        var (holder, token) = await SteadyHolderAsync();
        var market = _system.Market(holder);
        var before = WriterStatistics(await _system.ComprehensiveAsync(market));
        var regressionsBefore = Regressions();
        var pausedAt = DateTimeOffset.UtcNow;
        await market.Process!.PauseAsync();

        // Marked once it is stopped: a price it received between the signal's time and its stop is not the new writer's.
        _store.Mark(DateTimeOffset.UtcNow);
        (string Holder, long Token)? taken = null;
        var takenOver = await WaitForAsync(
            async () => (taken = await _system.FeedHolderAsync()) is { } h && h.Holder != holder && _store.FirstWrittenAfterMark is not null,
            RecoveryDeadline);
        var takeover = _store.FirstWrittenAfterMark is { } first ? (first - pausedAt).TotalSeconds : (double?)null;

        // Paused well past the lease: the other instance has written for a while.
        await Task.Delay(TimeSpan.FromSeconds(2));
        var resumedAt = DateTimeOffset.UtcNow;
        await market.Process!.ResumeAsync();
        // Its replies to batches sent before the SIGSTOP (run by Redis before the takeover's seal) are read just after the
        // SIGCONT; once its written count has stood still for a moment they are in, and anything written later landed late.
        JsonNode? after = null;
        long? previous = null;
        await WaitForAsync(
            async () =>
            {
                after = await _system.ComprehensiveAsync(market);
                if (after is null)
                {
                    return false;
                }

                var written = WriterStatistics(after).Written;
                var still = written == previous;
                previous = written;
                if (!still)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(300));
                }

                return still;
            },
            RecoveryDeadline);

        // Time for whatever it still had to write, and for its lease's local expiry, to play out.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var settled = WriterStatistics(await _system.ComprehensiveAsync(market));
        var holderAfter = await _system.FeedHolderAsync();
        var fence = await FenceTokenAsync(_store.Symbols[0]);

        _log.Checked("paused-writer-taken-over");
        if (!takenOver)
        {
            _log.Violated("paused-writer-taken-over", holder, Invariant($"no other instance wrote the feed within {RecoveryDeadline.TotalSeconds:0} s of the SIGSTOP"));
        }

        var resumed = WriterStatistics(after);
        var landed = settled.Written - resumed.Written;
        _log.Checked("late-writes-not-landed");
        if (landed > 0)
        {
            _log.Violated("late-writes-not-landed", holder, Invariant($"its writer wrote {landed} prices after it resumed (last acknowledged at {settled.LastWriteAt:HH:mm:ss.fff}, SIGCONT at {resumedAt:HH:mm:ss.fff})"));
        }

        _log.Checked("resumed-writer-stays-standby");
        if (holderAfter is not { } ha || ha.Holder == holder || (taken is { } tk && ha.Token != tk.Token))
        {
            _log.Violated("resumed-writer-stays-standby", holder, Invariant($"after the SIGCONT the lease is {(holderAfter is { } x ? $"{x.Token}|{x.Holder}" : "unheld")}, taken over as {(taken is { } y ? $"{y.Token}|{y.Holder}" : "none")}"));
        }

        _log.Checked("fence-sealed-above-paused-token");
        if (fence is not { } f || f <= token)
        {
            _log.Violated("fence-sealed-above-paused-token", _store.Symbols[0], Invariant($"the feed's fence is {fence?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "missing"}, the paused writer's token {token}"));
        }

        return new ScenarioResult(
            "sigstop",
            new Dictionary<string, double?>
            {
                ["paused_token"] = token,
                ["new_token"] = taken?.Token,
                ["fence_token_after"] = fence,
                ["takeover_s"] = takeover is { } t ? Math.Round(t, 3) : null,
                ["paused_s"] = Math.Round((resumedAt - pausedAt).TotalSeconds, 3),
                ["refused_by_store_fence"] = settled.RefusedFenced - before.RefusedFenced,
                ["refused_by_lease_not_held"] = settled.NotHeld - before.NotHeld,
                ["acknowledged_across_pause"] = resumed.Written - before.Written,
                ["written_after_resume"] = landed,
                ["store_regressions"] = Regressions() - regressionsBefore,
            },
            [
                Invariant($"{holder} (token {token}) paused by SIGSTOP at {pausedAt:HH:mm:ss.fff}, resumed by SIGCONT at {resumedAt:HH:mm:ss.fff}; its writer's last acknowledged write {settled.LastWriteAt:HH:mm:ss.fff}"),
                "refused_by_store_fence: its writes the Lua script refused (token below the feed's fence); refused_by_lease_not_held: quotes its writer did not send because its lease had run out on its own monotonic clock",
                "acknowledged_across_pause: writes acknowledged between the last reading before the SIGSTOP and the moment after the SIGCONT when its written count stood still for 300 ms (sent before the pause, run by Redis before the seal); written_after_resume: writes after that (must be 0). A write sent just after the SIGCONT would fall in the first figure; it could only land with a token at or above the feed's fence, which refused_by_store_fence and the fence check cover",
            ]);
    }

    /// <summary>SIGKILLs gateway-a while half the clients follow prices and demo:1's order events on it; orders go on through gateway-b; every client resumes on b.</summary>
    private async Task<ScenarioResult> GatewayKillAsync()
    {
        var account = new AccountId(UserType.Demo, 1);
        var a = _system.Gateways[0];
        var b = _system.Gateways[1];
        var onA = _clients.Where(c => c.Gateway == 0).ToArray();

        // An order event every client holds before the kill: the resume has a since_seq.
        var id = await _trader.OpenAsync(a.Address, account, "EURUSD", "BUY") ?? throw new InvalidOperationException("no order opened through gateway-a before the kill");
        await WaitAsync(() => Task.FromResult(_clients.All(c => c.LastSeq >= 0) && _clients.Select(c => c.LastSeq).Distinct().Count() == 1), "every client holds the first order event", RecoveryDeadline);
        var seqBefore = _clients[0].LastSeq;
        var resumesBefore = _clients.Sum(c => c.Resumes);
        var resetsBefore = _clients.Sum(c => c.OrdersReset);

        var killed = Stopwatch.StartNew();
        await a.KillAsync();

        // Meanwhile, through b: the position is closed and another opened and closed (events the clients of a miss while away).
        var closed = await _trader.CloseAsync(b.Address, account, id);
        var second = await _trader.OpenAsync(b.Address, account, "GBPUSD", "SELL");
        var secondClosed = second is not null && await _trader.CloseAsync(b.Address, account, second);
        var onB = _clients.Where(c => c.Gateway == 1 && !onA.Contains(c)).ToArray();
        await WaitAsync(() => Task.FromResult(onB.All(c => c.LastSeq >= seqBefore + 3)), "the clients on gateway-b hold the new order events", RecoveryDeadline);
        var expected = onB.Max(c => c.LastSeq);

        // Every client of a is on b, holds every order event and, per symbol, a price at least as new as the store's now.
        var stored = await _system.Store.ReadManyAsync(_store.Symbols, CancellationToken.None);
        var storedSeq = _store.Symbols.Select((s, i) => (s, i)).Where(p => stored[p.i] is not null).ToDictionary(p => p.s, p => stored[p.i]!.BookSequence, StringComparer.Ordinal);
        _log.Checked("clients-resumed-on-other-gateway", onA.Length);
        var resumed = await WaitForAsync(
            () => Task.FromResult(onA.All(c => c.Gateway == 1 && c.Subscribed && c.LastSeq >= expected
                && c.Symbols.All(s => !storedSeq.TryGetValue(s, out var seq) || c.Watch.Newest.GetValueOrDefault(s) >= seq))),
            RecoveryDeadline);
        var resumeSeconds = killed.Elapsed.TotalSeconds;
        if (!resumed)
        {
            foreach (var c in onA.Where(c => c.Gateway != 1 || c.LastSeq < expected))
            {
                _log.Violated("clients-resumed-on-other-gateway", "client on gateway-a", Invariant($"on gateway {c.Gateway}, last order event {c.LastSeq} of {expected}, subscribed {c.Subscribed}"));
            }
        }

        var resets = _clients.Sum(c => c.OrdersReset) - resetsBefore;
        _log.Checked("order-events-resumed-by-replay");
        if (resets > 0)
        {
            _log.Violated("order-events-resumed-by-replay", "clients", Invariant($"{resets} orders_reset instead of a replay of the {expected - seqBefore} events missed"));
        }

        await a.StartAsync(_system.Http, "health", TimeSpan.FromSeconds(90));
        return new ScenarioResult(
            "gateway-kill",
            new Dictionary<string, double?>
            {
                ["clients_on_killed_gateway"] = onA.Length,
                ["clients_resumed"] = onA.Count(c => c.Gateway == 1 && c.LastSeq >= expected),
                ["resumed_with_since_seq"] = _clients.Sum(c => c.Resumes) - resumesBefore,
                ["order_events_during_outage"] = expected - seqBefore,
                ["resume_s"] = Math.Round(resumeSeconds, 3),
                ["order_event_gaps_or_repeats"] = _log.ViolationCounts.GetValueOrDefault("order-events-contiguous"),
                ["orders_reset"] = resets,
                ["client_regressions"] = _log.ViolationCounts.GetValueOrDefault("no-regression-at-client"),
            },
            [
                Invariant($"closed through gateway-b: {closed}; second order {(second ?? "refused")}, closed {secondClosed}"),
                "resumed = on gateway-b, holding every order event up to the last one the clients of b were sent, and per symbol a price at least as new as the store's after the kill",
            ]);
    }

    /// <summary>SIGKILLs the Redis master serving the feed's lease and the feed's writer at once; the system must recover by itself.</summary>
    private async Task<ScenarioResult> MasterAndMarketKillAsync()
    {
        var (holder, _) = await SteadyHolderAsync();
        var leaseKey = RedisKeys.Lease(Storage.Cluster.LeaseName.Feed(ClusterSystem.FeedName).ToString());
        var master = await _system.Nodes.MasterServingAsync(leaseKey) ?? throw new InvalidOperationException($"no master found serving {leaseKey}");
        var market = _system.Market(holder);
        var account = new AccountId(UserType.Demo, 1);
        var killedAt = DateTimeOffset.UtcNow;
        var watch = Stopwatch.StartNew();
        _system.Nodes.Kill(master);
        await market.KillAsync();
        _store.Mark(DateTimeOffset.UtcNow);

        double? failedOver = null;
        double? orderAccepted = null;
        var recovered = await WaitForAsync(
            async () =>
            {
                if (failedOver is null && await _system.Nodes.FailedOverAsync(master))
                {
                    failedOver = watch.Elapsed.TotalSeconds;
                }

                if (orderAccepted is null)
                {
                    var gateway = _system.Gateways[market.Name == "market-a" ? 1 : 0];
                    if (await _trader.OpenAsync(gateway.Address, account, "EURUSD", "BUY") is { } id)
                    {
                        orderAccepted = watch.Elapsed.TotalSeconds;
                        await _trader.CloseAsync(gateway.Address, account, id);
                    }
                }

                return failedOver is not null && orderAccepted is not null && _store.AllWrittenAfterMark is not null;
            },
            TimeSpan.FromSeconds(60));
        var written = _store.FirstWrittenAfterMark is { } f ? (f - killedAt).TotalSeconds : (double?)null;
        var allWritten = _store.AllWrittenAfterMark is { } w ? (w - killedAt).TotalSeconds : (double?)null;
        _log.Checked("recovered-by-itself");
        if (!recovered)
        {
            _log.Violated("recovered-by-itself", Invariant($"master {master} and {holder}"), Invariant($"within 60 s: failed over {failedOver?.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) ?? "no"}, feed written {written?.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) ?? "no"}, order accepted {orderAccepted?.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) ?? "no"}"));
        }

        await _system.Nodes.RestartAsync(master);
        await market.StartAsync(_system.Http, "health/ready", TimeSpan.FromSeconds(90));
        await WaitAsync(() => _system.Nodes.RejoinedAsReplicaAsync(master), Invariant($"{master} rejoins as a replica"), TimeSpan.FromSeconds(60));
        var newHolder = await _system.FeedHolderAsync();
        return new ScenarioResult(
            "master-and-market-kill",
            new Dictionary<string, double?>
            {
                ["redis_failed_over_s"] = failedOver is { } fo ? Math.Round(fo, 3) : null,
                ["feed_written_again_s"] = written is { } x ? Math.Round(x, 3) : null,
                ["all_symbols_written_s"] = allWritten is { } y ? Math.Round(y, 3) : null,
                ["first_order_accepted_s"] = orderAccepted is { } z ? Math.Round(z, 3) : null,
                ["store_regressions"] = _log.ViolationCounts.GetValueOrDefault("no-regression-in-redis"),
            },
            [Invariant($"killed master {master} (serving {leaseKey}) and {holder} together; the feed is now held by {newHolder?.Holder ?? "nobody"} ({newHolder?.Token})")]);
    }

    /// <summary>
    /// <see cref="ClusterSettings.StopOuts"/> times: an account breached below its liquidation level by a price move, the
    /// market service holding its stop-out lock SIGKILLed as soon as the lock appears; the survivor must finish the
    /// stop-out with every position closed at most once, only while the account was below the level (the reference's
    /// minimal set: largest loss first, stop once back above) and the account left at or above it (or with no position).
    /// </summary>
    private async Task<ScenarioResult> StopOutKillsAsync()
    {
        var redis = (await _system.StoreConnection.GetAsync(CancellationToken.None)).GetDatabase();
        var finishes = new List<double>();
        var notes = new List<string>();
        long midway = 0, closes = 0, closedBeforeKill = 0, closedTwice = 0, unneeded = 0, outOfOrder = 0, belowLevel = 0, unfinished = 0;
        for (var i = 1; i <= settings.StopOuts; i++)
        {
            await SteadyHolderAsync();
            var account = new StopOutAccount(_system.Http, _system.Hub, redis, new AccountId(UserType.Live, 95_000 + i));
            _otherAccounts.Add(account.Id);
            await account.OpenAsync([.. _system.Markets.Select(m => m.Address)]);
            _otherPlaced.AddRange(account.Placed);
            var drop = await account.BreachAsync(_system.Markets[0].Address);

            // Read back to back: the local closes take milliseconds, so the kill must follow at once. Odd stop-outs are
            // killed when the lock appears (before any close), even ones when the first close lands (part closed).
            var afterFirstClose = i % 2 == 0;
            (long Token, string Owner)? held = null;
            var looking = Stopwatch.StartNew();
            while (looking.Elapsed < RecoveryDeadline)
            {
                held = await account.LockAsync() ?? held;
                if (held is not null && (!afterFirstClose || await account.ClosedCountAsync() > 0))
                {
                    break;
                }
            }

            _log.Checked("stop-out-started");
            if (held is not { } lockHeld)
            {
                _log.Violated("stop-out-started", account.Id.ToString(), Invariant($"no stop-out took the lock within {RecoveryDeadline.TotalSeconds:0} s of a {drop:0.00000} drop of {StopOutAccount.Symbol}"));
                continue;
            }

            var killed = _system.Market(lockHeld.Owner);
            var killedAt = DateTimeOffset.UtcNow;
            await killed.KillAsync();
            var atKill = (await account.OrderEventsAsync()).Count(e => e.Status == "CLOSED");
            var survivor = _system.Markets.Single(m => m != killed);

            var (finished, final, finishSeconds) = await WaitFreeAgainAsync("stop-out", account, survivor, lockHeld, killedAt, TimeSpan.FromSeconds(60));
            unfinished += finished ? 0 : 1;
            if (finished)
            {
                finishes.Add(finishSeconds);
            }

            var events = await account.OrderEventsAsync();

            // The decisions are read from the ledger once the survivor's writer has drained the account's outbox into it.
            await CheckDrainedAsync(account.Id, "the stop-out");

            var decisions = await _ledger.DecisionsAsync(account.Id);
            var closeDecisions = decisions.Where(d => d.Decision == "close_position").ToArray();
            var closedOrders = events.Where(e => e.Status == "CLOSED").Select(e => e.OrderId).ToArray();
            var closedList = await account.ClosedListAsync();
            closes += closedOrders.Length;
            closedBeforeKill += atKill;
            if (closedOrders.Length > atKill)
            {
                midway++;
            }

            _log.Checked("stop-out-closed-once");
            var twice = closedOrders.GroupBy(o => o, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key)
                .Concat(closedList.GroupBy(o => o, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key))
                .Concat(closeDecisions.GroupBy(d => d.OrderId, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key!))
                .Distinct(StringComparer.Ordinal).ToArray();
            if (twice.Length > 0 || !closedOrders.Order(StringComparer.Ordinal).SequenceEqual(closeDecisions.Select(d => d.OrderId!).Order(StringComparer.Ordinal), StringComparer.Ordinal))
            {
                closedTwice += Math.Max(1, twice.Length);
                _log.Violated("stop-out-closed-once", account.Id.ToString(), $"closed twice: [{string.Join(' ', twice)}]; CLOSED events [{string.Join(' ', closedOrders)}], stop-out closes [{string.Join(' ', closeDecisions.Select(d => d.OrderId))}]");
            }

            var (needless, misordered, below) = CheckLiquidation("stop-out", account, closeDecisions, final);
            unneeded += needless;
            outOfOrder += misordered;
            belowLevel += below ? 1 : 0;

            // The outbox's decisions carry the stop-out's fence; the ledger does not keep it, so the survivor's closes are those after the kill.
            var fences = closeDecisions.Where(d => d.Fence is not null).Select(d => d.Fence!.Value).Distinct().ToArray();
            var survivorCloses = fences.Length > 0 ? closeDecisions.Count(d => d.Fence > lockHeld.Token) : closedOrders.Length - atKill;
            notes.Add(Invariant($"{account.Id}: breached by a {drop:0.00000} drop of {StopOutAccount.Symbol}; {lockHeld.Owner} (fence {lockHeld.Token}) SIGKILLed {(afterFirstClose ? "at the first close" : "at the lock")} with {atKill} closed; {survivor.Name} closed {survivorCloses} more{(fences.Length > 0 ? $" (fences {string.Join(' ', fences)})" : string.Empty)}; {closedOrders.Length} of {account.VolumeOf.Count} closed, final margin level {final?.MarginLevel:0.##} % with {final?.OpenPositions} open; free again {finishSeconds:0.000} s after the kill"));
            Say(notes[^1]);
            await killed.StartAsync(_system.Http, "health/ready", TimeSpan.FromSeconds(90));
        }

        finishes.Sort();
        const string closeRule = "each close decided below the liquidation level, largest volume first, each order closed once (order_events, closed list, decisions)";
        return new ScenarioResult(
            "stopout-kill",
            new Dictionary<string, double?>
            {
                ["stop_outs"] = settings.StopOuts,
                ["killed_mid_liquidation"] = midway,
                ["closes"] = closes,
                ["closes_before_kill"] = closedBeforeKill,
                ["closed_twice"] = closedTwice,
                ["closes_not_needed"] = unneeded,
                ["closes_out_of_order"] = outOfOrder,
                ["left_below_liquidation_level"] = belowLevel,
                ["unfinished"] = unfinished,
                ["finish_after_kill_p50_s"] = Percentile([.. finishes], 0.5),
                ["finish_after_kill_max_s"] = finishes.Count > 0 ? Math.Round(finishes[^1], 3) : null,
            },
            [
                Invariant($"each account: BUY {StopOutAccount.Symbol} 1.0, 0.9 … 0.1 lot (largest loss = largest volume), cutoff {StopOutAccount.CutoffLevel} %, liquidation level {StopOutAccount.LiquidationLevel} %, funded to a 110 % margin level, then the hub's price moved down to leave equity at 0.62 of one lot's margin (about 11 %)"),
                "the holder of autocutoff:stop_out:{live:N} (TOKEN:OWNER) is SIGKILLed as soon as the lock is read (odd stop-outs) or the account's first close is read (even ones); killed mid-liquidation = the survivor closed at least one position after the kill",
                "free again = the lock is gone and the survivor values the account at or above the liquidation level (or with no position), after the kill; a stop-out the killed instance had finished still holds the lock until its TTL (4 s)",
                _ledger.InLedger
                    ? "closes checked against the committed AutoCutoff decisions (the ledger's autocutoff_decisions, once the account's outbox is drained): " + closeRule
                    : "closes checked against the committed AutoCutoff decisions (the ledger outbox, kept whole without a ledger writer): " + closeRule,
                .. notes,
            ]);
    }

    /// <summary>
    /// <see cref="ClusterSettings.TriggerKills"/> times: an account's triggers (pending BUY LIMITs, stop losses, take
    /// profits) armed by the market service owning its partition, which is SIGKILLed as the price crosses them: odd kills
    /// just before the move (the survivor fires them all once it holds the partition), even ones as soon as the first
    /// firing is on the account's event stream (the owner has fired some, the survivor fires the rest). Each trigger must fire exactly once: one fill (pending) or one close committed, and
    /// one order event of it (status OPEN, or CLOSED) on the account's event stream.
    /// </summary>
    private async Task<ScenarioResult> TriggerKillsAsync()
    {
        var redis = (await _system.StoreConnection.GetAsync(CancellationToken.None)).GetDatabase();
        var fireTimes = new List<double>();
        var notes = new List<string>();
        long triggers = 0, fired = 0, committedTwice = 0, shownTwice = 0, unfired = 0, firedByOwner = 0, midway = 0;
        for (var i = 1; i <= settings.TriggerKills; i++)
        {
            await SteadyHolderAsync();
            var account = new TriggerAccount(_system.Http, _system.Hub, redis, new AccountId(UserType.Live, 96_000 + i));
            _otherAccounts.Add(account.Id);
            var partition = PartitionMap.Of(account.Id);
            var owner = (await _system.Leases.ReadAsync(LeaseName.Partition(partition), CancellationToken.None)).Holder
                ?? throw new InvalidOperationException(Invariant($"partition {partition} of {account.Id} is not held"));
            var killed = _system.Market(owner);
            var survivor = _system.Markets.Single(m => m != killed);
            await account.ArmAsync(killed.Address);
            _otherPlaced.AddRange(account.Placed);
            triggers += account.KindOf.Count;
            await WaitAsync(async () => await account.ArmedAsync() == account.KindOf.Count, Invariant($"the {account.KindOf.Count} triggers of {account.Id} armed"), RecoveryDeadline);

            var killFirst = i % 2 == 1;
            if (!killFirst)
            {
                // Read back to back: the owner's firings take milliseconds, so the kill must follow the first at once.
                await account.CrossAsync();
                var looking = Stopwatch.StartNew();
                while (looking.Elapsed < RecoveryDeadline && await account.FiringEventsAsync() == 0)
                {
                }
            }

            var sinceKill = Stopwatch.StartNew();
            await killed.KillAsync();
            if (killFirst)
            {
                await account.CrossAsync();
            }

            var atKill = await account.FiringEventsAsync();
            var done = await WaitForAsync(async () => await TryFiredAsync(account, survivor) == account.KindOf.Count, TimeSpan.FromSeconds(60));
            var fireSeconds = sinceKill.Elapsed.TotalSeconds;
            _log.Checked("triggers-fired");
            if (!done)
            {
                unfired += account.KindOf.Count - Math.Max(0, await TryFiredAsync(account, survivor));
                _log.Violated("triggers-fired", account.Id.ToString(), Invariant($"60 s after {owner} (owner of partition {partition}) was killed, {await TryFiredAsync(account, survivor)} of {account.KindOf.Count} triggers fired"));
            }
            else
            {
                fireTimes.Add(fireSeconds);
            }

            await CheckDrainedAsync(account.Id, "its triggers fired");

            var committed = await _ledger.EventsAsync(account.Id);
            var shown = await account.OrderEventsAsync();
            foreach (var (orderId, kind) in account.KindOf)
            {
                var (firingKind, firingStatus) = kind == "pending" ? ("order_filled", "OPEN") : ("order_closed", "CLOSED");
                var commits = committed.Count(e => e.OrderId == orderId && e.Kind == firingKind);
                var events = shown.Count(e => e.OrderId == orderId && e.Status == firingStatus);
                fired += commits > 0 ? 1 : 0;
                _log.Checked("trigger-fired-once");
                if (commits > 1 || events > 1)
                {
                    committedTwice += commits > 1 ? 1 : 0;
                    shownTwice += events > 1 ? 1 : 0;
                    _log.Violated("trigger-fired-once", Invariant($"{account.Id} {orderId} ({kind})"), Invariant($"{commits} {firingKind} committed, {events} {firingStatus} order events"));
                }
            }

            firedByOwner += atKill;
            midway += atKill > 0 && atKill < account.KindOf.Count ? 1 : 0;
            notes.Add(Invariant($"{account.Id} (partition {partition}): {account.KindOf.Count} triggers armed by {owner}, SIGKILLed {(killFirst ? "just before the " + TriggerAccount.Symbol + " move" : "at its first firing after the " + TriggerAccount.Symbol + " move")} ({atKill} fired before it died); all fired {fireSeconds:0.000} s after the kill on {survivor.Name}"));
            Say(notes[^1]);
            await killed.StartAsync(_system.Http, "health/ready", TimeSpan.FromSeconds(90));
        }

        fireTimes.Sort();
        return new ScenarioResult(
            "trigger-kill",
            new Dictionary<string, double?>
            {
                ["kills"] = settings.TriggerKills,
                ["triggers"] = triggers,
                ["fired"] = fired,
                ["fired_before_kill"] = firedByOwner,
                ["killed_mid_firing"] = midway,
                ["fired_twice_committed"] = committedTwice,
                ["fired_twice_order_events"] = shownTwice,
                ["unfired"] = unfired,
                ["all_fired_after_kill_p50_s"] = Percentile([.. fireTimes], 0.5),
                ["all_fired_after_kill_max_s"] = fireTimes.Count > 0 ? Math.Round(fireTimes[^1], 3) : null,
            },
            [
                Invariant($"each account: {TriggerAccount.PerKind} BUY LIMIT below the ask, {TriggerAccount.PerKind} BUY with a stop loss below the bid, {TriggerAccount.PerKind} SELL with a take profit below the ask, on {TriggerAccount.Symbol}, placed through its partition's owner and armed there (trigger_prices), then one move down through the hub crosses them all"),
                "fired once = one order_filled (pending) or order_closed (stop loss, take profit) committed " + (_ledger.InLedger ? "(the ledger's ledger_events)" : "(the ledger outbox)") + " and one order event of that status on order_events",
                "killed mid-firing = the owner had fired some of the account's triggers, not all, when it died (the survivor fired the rest)",
                .. notes,
            ]);
    }

    /// <summary>
    /// Duplicates over every order the run placed (the trader's on demo:1..3, the stop-out and trigger accounts'): an
    /// order filled or closed twice, a position no request key names (a retry that escaped its idempotency key opened it
    /// a second time), a request answered an order other than the one its key committed; with a ledger, its rows per
    /// logical event and the committed orders it lacks.
    /// </summary>
    private async Task<ScenarioResult> DuplicatesAsync()
    {
        var redis = (await _system.StoreConnection.GetAsync(CancellationToken.None)).GetDatabase();
        AccountId[] accounts = [.. TraderAccounts, .. _otherAccounts];
        PlacedOrder[] placed = [.. _trader.Placed, .. _otherPlaced];

        var undrained = await _ledger.WaitDrainedAsync(accounts, TimeSpan.FromSeconds(60));
        if (_ledger.InLedger)
        {
            _log.Checked("ledger-drained", accounts.Length);
        }

        foreach (var account in undrained)
        {
            _log.Violated("ledger-drained", account.ToString(), "its outbox still holds entries 60 s after the last scenario");
        }

        // What the engine committed under each key: user_requests:{tag}:KEY = ORDER|FINGERPRINT, kept 24 h.
        var kept = await Task.WhenAll(placed.Select(p => redis.StringGetAsync(RedisKeys.UserRequest(p.Account, p.IdempotencyKey))));
        var committed = placed.Select((p, i) => (Placed: p, Order: ((string?)kept[i])?.Split('|')[0])).ToArray();
        _log.Checked("request-answered-its-order", placed.Count(p => p.AnsweredOrderId is not null));
        var answeredOther = 0L;
        foreach (var (p, order) in committed.Where(c => c.Placed.AnsweredOrderId is { } answered && c.Order != answered))
        {
            answeredOther++;
            _log.Violated("request-answered-its-order", Invariant($"{p.Account} key {p.IdempotencyKey}"), Invariant($"answered {p.AnsweredOrderId}, the key committed {order ?? "nothing"}"));
        }

        var byKey = committed.Where(c => c.Order is not null).GroupBy(c => c.Placed.Account)
            .ToDictionary(g => g.Key, g => g.Select(c => c.Order!).ToHashSet(StringComparer.Ordinal));
        long filled = 0, filledTwice = 0, closedTwice = 0, withoutRequest = 0, missing = 0;
        foreach (var account in accounts)
        {
            var events = await _ledger.EventsAsync(account);
            var fills = events.Where(e => e.Kind == "order_filled" && e.OrderId is not null).GroupBy(e => e.OrderId!, StringComparer.Ordinal).ToArray();
            var closes = events.Where(e => e.Kind == "order_closed" && e.OrderId is not null).GroupBy(e => e.OrderId!, StringComparer.Ordinal).ToArray();
            var keys = byKey.GetValueOrDefault(account) ?? [];
            filled += fills.Length;
            _log.Checked("order-filled-once", fills.Length);
            foreach (var twice in fills.Where(g => g.Count() > 1))
            {
                filledTwice++;
                _log.Violated("order-filled-once", Invariant($"{account} {twice.Key}"), Invariant($"{twice.Count()} order_filled committed"));
            }

            _log.Checked("order-closed-once", closes.Length);
            foreach (var twice in closes.Where(g => g.Count() > 1))
            {
                closedTwice++;
                _log.Violated("order-closed-once", Invariant($"{account} {twice.Key}"), Invariant($"{twice.Count()} order_closed committed"));
            }

            _log.Checked("position-opened-by-its-request", fills.Length);
            foreach (var stray in fills.Where(g => !keys.Contains(g.Key)))
            {
                withoutRequest++;
                _log.Violated("position-opened-by-its-request", Invariant($"{account} {stray.Key}"), "a position filled that no request key committed");
            }

            if (_ledger.InLedger)
            {
                var held = await _ledger.OrdersAsync(account);
                _log.Checked("ledger-holds-committed-orders", keys.Count);
                foreach (var order in keys.Where(o => !held.Contains(o)))
                {
                    missing++;
                    _log.Violated("ledger-holds-committed-orders", Invariant($"{account} {order}"), "committed under its request key, not in the ledger's orders");
                }
            }
        }

        var (rows, rowsTwice) = await _ledger.RowsTwiceAsync();
        if (_ledger.InLedger)
        {
            _log.Checked("ledger-row-once");
        }

        foreach (var twice in rowsTwice)
        {
            _log.Violated("ledger-row-once", twice.Table + " " + twice.Key, Invariant($"{twice.Rows} rows"));
        }

        var figures = new Dictionary<string, double?>
        {
            ["accounts"] = accounts.Length,
            ["order_requests"] = placed.Length,
            ["orders_committed_by_key"] = byKey.Values.Sum(o => o.Count),
            ["orders_filled"] = filled,
            ["orders_filled_twice"] = filledTwice,
            ["orders_closed_twice"] = closedTwice,
            ["positions_without_request"] = withoutRequest,
            ["requests_answered_another_order"] = answeredOther,
        };
        if (_ledger.InLedger)
        {
            figures["outboxes_not_drained"] = undrained.Count;
            figures["ledger_rows"] = rows;
            figures["ledger_rows_twice"] = rowsTwice.Count;
            figures["ledger_orders_missing"] = missing;
        }

        return new ScenarioResult(
            "duplicates",
            figures,
            [
                "orders = every order request of the run with its Idempotency-Key (trader on demo:1..3 through the gateways, stop-out and trigger accounts through the market services); what each key committed is read from user_requests:{tag}:KEY (ORDER|FINGERPRINT)",
                "filled/closed twice: more than one order_filled / order_closed committed for one order " + (_ledger.InLedger ? "(the ledger's ledger_events, after every outbox is drained)" : "(the ledger outboxes, kept whole without a ledger writer)"),
                "positions_without_request: a filled order no request key committed (a retry that escaped its key would open one); requests_answered_another_order: the client was answered an order other than its key's",
                .. _ledger.InLedger
                    ? (string[])
                    [
                        "ledger rows per logical event (ledger_events per order and once-only kind, deals per order and fill/close, balance_operations per order and operation, autocutoff_decisions per order and decision); the tables' primary keys (account, revision, event_index[, seq]) stop one outbox entry being written twice, not one change committed twice",
                        "ledger_orders_missing: orders committed under a request key that the ledger's orders table lacks once the outboxes are drained",
                    ]
                    : ["no ledger in this run (--ledger off): ledger rows not counted"],
                .. rowsTwice.Take(20).Select(t => Invariant($"{t.Table}: {t.Key} in {t.Rows} rows")),
            ]);
    }

    /// <summary>With a ledger, waits for the writers to drain the account's outbox (its events are read from the ledger next); a violation when they do not.</summary>
    private async Task CheckDrainedAsync(AccountId account, string after)
    {
        if (!_ledger.InLedger)
        {
            return;
        }

        _log.Checked("ledger-drained");
        if (await _ledger.WaitDrainedAsync([account], RecoveryDeadline) is [_, ..])
        {
            _log.Violated("ledger-drained", account.ToString(), Invariant($"its outbox still holds entries {RecoveryDeadline.TotalSeconds:0} s after {after}"));
        }
    }

    private static async Task<int> TryFiredAsync(TriggerAccount account, MarketNode market)
    {
        try
        {
            return await account.FiredAsync(market.Address);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return -1;
        }
    }

    /// <summary>
    /// Waits until an account whose liquidator was killed is free again: no stop-out holds its lock, nothing else named
    /// by <paramref name="stillWaiting"/> is left (its text, or null), and the survivor values it out of the stop-out zone;
    /// checked as <c>{prefix}-finished</c>. Seconds are counted from the kill.
    /// </summary>
    private async Task<(bool Finished, AccountFigures? Final, double Seconds)> WaitFreeAgainAsync(
        string prefix, StopOutAccount account, MarketNode survivor, (long Token, string Owner) lockHeld, DateTimeOffset killedAt, TimeSpan deadline, Func<Task<string?>>? stillWaiting = null)
    {
        AccountFigures? final = null;
        string? waiting = null;
        var finished = await WaitForAsync(
            async () => await account.LockAsync() is null
                && (stillWaiting is null || (waiting = await stillWaiting()) is null)
                && (final = await TryPortfolioAsync(account, survivor)) is { } f
                && (f.OpenPositions == 0 || f.MarginLevel >= StopOutAccount.LiquidationLevel),
            deadline);
        var seconds = (DateTimeOffset.UtcNow - killedAt).TotalSeconds;
        _log.Checked(prefix + "-finished");
        if (!finished)
        {
            var waitingText = waiting is null ? string.Empty : waiting + ", ";
            _log.Violated(prefix + "-finished", account.Id.ToString(), Invariant($"{deadline.TotalSeconds:0} s after {lockHeld.Owner} (fence {lockHeld.Token}) was killed: lock {(await account.LockAsync() is { } l ? $"{l.Token}:{l.Owner}" : "free")}, {waitingText}margin level {final?.MarginLevel}, {final?.OpenPositions} positions open"));
        }

        return (finished, final, seconds);
    }

    /// <summary>
    /// Checks a stop-out's closes were the minimal set (each decided below the liquidation level: one at or above it was
    /// one too many; largest loss, that is volume, first) and left the account at or above that level, as invariants
    /// <c>{prefix}-closes-minimal</c> and <c>{prefix}-final-level</c>.
    /// </summary>
    private (int Needless, int Misordered, bool BelowLevel) CheckLiquidation(string prefix, StopOutAccount account, StopOutDecision[] closeDecisions, AccountFigures? final)
    {
        _log.Checked(prefix + "-closes-minimal");
        var needless = closeDecisions.Where(d => d.MarginLevel is not { } ml || ml >= StopOutAccount.LiquidationLevel).ToArray();
        var volumes = closeDecisions.Select(d => account.VolumeOf.GetValueOrDefault(d.OrderId!)).ToArray();
        var misordered = volumes.Zip(volumes.Skip(1)).Count(p => p.Second > p.First);
        if (needless.Length > 0 || misordered > 0)
        {
            _log.Violated(prefix + "-closes-minimal", account.Id.ToString(), Invariant($"{needless.Length} closes decided at or above the liquidation level ({string.Join(' ', needless.Select(d => $"{d.OrderId}@{d.MarginLevel}"))}); {misordered} closes of a larger position after a smaller one (volumes {string.Join(' ', volumes)})"));
        }

        _log.Checked(prefix + "-final-level");
        var below = final is not { } last || (last.OpenPositions > 0 && !(last.MarginLevel >= StopOutAccount.LiquidationLevel));
        if (below)
        {
            _log.Violated(prefix + "-final-level", account.Id.ToString(), Invariant($"after the stop-out: margin level {final?.MarginLevel}, {final?.OpenPositions} positions open, liquidation level {StopOutAccount.LiquidationLevel}"));
        }

        return (needless.Length, misordered, below);
    }

    private static async Task<AccountFigures?> TryPortfolioAsync(StopOutAccount account, MarketNode market)
    {
        try
        {
            return await account.PortfolioAsync(market.Address);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>Orders per second (opens and closes, through both gateways) and stored prices per second, with two market services and then one.</summary>
    private async Task<ScenarioResult> ThroughputAsync()
    {
        var two = await MeasureLoadAsync();
        Say(Invariant($"two market services: {two.Orders:0.0} orders/s, {two.Prices:0.0} prices/s"));
        var resetsTwo = _clients.Sum(c => c.OrdersReset);
        var outcomesTwo = Outcomes();
        var b = _system.Market("market-b");
        await b.KillAsync();
        await WaitAsync(async () => await _system.FeedHolderAsync() is { Holder: "market-a" } && _store.Watch.Seen > 0, "market-a holds the feed", RecoveryDeadline);
        var one = await MeasureLoadAsync();
        Say(Invariant($"one market service: {one.Orders:0.0} orders/s, {one.Prices:0.0} prices/s"));
        var outcomesOne = Outcomes();
        var resetsOne = _clients.Sum(c => c.OrdersReset) - resetsTwo;
        await b.StartAsync(_system.Http, "health/ready", TimeSpan.FromSeconds(90));
        return new ScenarioResult(
            "throughput",
            new Dictionary<string, double?>
            {
                ["orders_per_s_two_markets"] = Math.Round(two.Orders, 1),
                ["orders_per_s_one_market"] = Math.Round(one.Orders, 1),
                ["prices_written_per_s_two_markets"] = Math.Round(two.Prices, 1),
                ["prices_written_per_s_one_market"] = Math.Round(one.Prices, 1),
                ["order_failures_two_markets"] = two.Failures,
                ["order_failures_one_market"] = one.Failures,
                ["orders_reset_to_clients_two_markets"] = resetsTwo - two.ResetsBefore,
                ["orders_reset_to_clients_one_market"] = resetsOne,
            },
            [
                Invariant($"{settings.OrderConcurrency} loops, each opening a 0.01 lot market order and closing it, on demo:1, demo:2 and demo:3, alternating gateway-a (prefers market-a) and gateway-b (prefers market-b), {settings.ThroughputPhase.TotalSeconds:0} s per phase; the one-market phase has market-b SIGKILLed, so gateway-b falls over to market-a"),
                "prices written = the feed holder's store writer 'written' count over the phase (one instance writes the feed in both phases)",
                "orders_reset_to_clients: the gateways told the stream clients (following demo:1) to reload their orders, having fallen more than a replay (128 events) behind the account's events",
                "order outcomes after the two-market phase: " + outcomesTwo,
                "order outcomes after the one-market phase (cumulative): " + outcomesOne,
            ]);
    }

    private async Task<(double Orders, double Prices, long Failures, long ResetsBefore)> MeasureLoadAsync()
    {
        var resetsBefore = _clients.Sum(c => c.OrdersReset);
        AccountId[] accounts = [.. TraderAccounts];
        var holder = await _system.FeedHolderAsync() ?? throw new InvalidOperationException("the feed is not held");
        var writer = _system.Market(holder.Holder);
        var writtenBefore = WriterStatistics(await _system.ComprehensiveAsync(writer)).Written;
        var opened = _trader.Count("opened");
        var closed = _trader.Count("closed");
        var failures = _trader.Outcomes.Where(p => p.Key is not ("opened" or "closed")).Sum(p => p.Value);
        using var phase = new CancellationTokenSource(settings.ThroughputPhase);
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, settings.OrderConcurrency).Select(async loop =>
        {
            var gateway = _system.Gateways[loop % 2].Address;
            var account = accounts[loop % accounts.Length];
            var symbol = ClusterTrader.Symbols[loop % ClusterTrader.Symbols.Length];
            while (!phase.IsCancellationRequested)
            {
                if (await _trader.OpenAsync(gateway, account, symbol, loop % 2 == 0 ? "BUY" : "SELL") is { } id)
                {
                    await _trader.CloseAsync(gateway, account, id);
                }
            }
        }));
        var seconds = watch.Elapsed.TotalSeconds;
        var writtenAfter = WriterStatistics(await _system.ComprehensiveAsync(writer)).Written;
        var orders = _trader.Count("opened") - opened + _trader.Count("closed") - closed;
        var failed = _trader.Outcomes.Where(p => p.Key is not ("opened" or "closed")).Sum(p => p.Value) - failures;
        return (orders / seconds, (writtenAfter - writtenBefore) / seconds, failed, resetsBefore);
    }

    /// <summary>The feed's holder once it has written within the last half second and both market services run (so a kill has a standby to go to).</summary>
    private async Task<(string Holder, long Token)> SteadyHolderAsync()
    {
        (string Holder, long Token)? holder = null;
        var mark = DateTimeOffset.UtcNow;
        _store.Mark(mark);
        await WaitAsync(
            async () => _system.Markets.All(m => m.IsRunning) && (holder = await _system.FeedHolderAsync()) is not null && _store.FirstWrittenAfterMark is not null,
            "the feed held and written with both market services running",
            RecoveryDeadline);
        return holder!.Value;
    }

    private async Task<long?> FenceTokenAsync(string symbol)
    {
        var multiplexer = await _system.StoreConnection.GetAsync(CancellationToken.None);
        var value = await multiplexer.GetDatabase().HashGetAsync(RedisKeys.PriceFence(symbol), ClusterSystem.FeedName);
        return value.IsNull ? null : (long)value;
    }

    private string Outcomes() => string.Join(", ", _trader.Outcomes.OrderByDescending(p => p.Value).Select(p => Invariant($"{p.Key} {p.Value}")));

    private long Regressions() => _log.ViolationCounts.GetValueOrDefault("no-regression-in-redis");

    /// <summary>The symbols that move: in the store, and newer there a few seconds later.</summary>
    private async Task<string[]> MovingSymbolsAsync()
    {
        JsonNode? data = null;
        await WaitAsync(
            async () =>
            {
                try
                {
                    data = JsonNode.Parse(await _system.Http.GetStringAsync(new Uri(_system.Markets[0].Address, "api/debug/market-data")));
                    return data?["symbol_analysis"]?.AsObject().Count > 0;
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    return false;
                }
            },
            "prices reach the book",
            TimeSpan.FromSeconds(60));
        string[] all = [.. data!["symbol_analysis"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal)];
        var first = await _system.Store.ReadManyAsync(all, CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(3));
        var later = await _system.Store.ReadManyAsync(all, CancellationToken.None);
        string[] moving = [.. all.Where((_, i) => first[i] is { } f && later[i] is { } l && l.Version.CompareTo(f.Version) > 0)];
        return moving.Length > 0 ? moving : throw new InvalidOperationException("No symbol moves in the store.");
    }

    /// <summary>The store writer's counters in a comprehensive report (zeros when it did not answer).</summary>
    private static WriterCounts WriterStatistics(JsonNode? report)
    {
        var writer = Find(report, "refused_fenced");
        return new WriterCounts(
            writer?["written"]?.GetValue<long>() ?? 0,
            writer?["refused_fenced"]?.GetValue<long>() ?? 0,
            writer?["not_held_quotes_ignored"]?.GetValue<long>() ?? 0,
            writer?["last_write_at"] is { } at && at.GetValueKind() == System.Text.Json.JsonValueKind.String ? DateTimeOffset.Parse(at.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) : null);
    }

    /// <summary>The first object under <paramref name="node"/> with a property named <paramref name="property"/>.</summary>
    private static JsonObject? Find(JsonNode? node, string property)
    {
        switch (node)
        {
            case JsonObject o when o.ContainsKey(property):
                return o;
            case JsonObject o:
                return o.Select(p => Find(p.Value, property)).FirstOrDefault(found => found is not null);
            case JsonArray a:
                return a.Select(e => Find(e, property)).FirstOrDefault(found => found is not null);
            default:
                return null;
        }
    }

    private static double? Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? null : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    /// <summary>Polls <paramref name="condition"/> until true; false after <paramref name="timeout"/>.</summary>
    private static async Task<bool> WaitForAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(20);
        }

        return true;
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, string what, TimeSpan timeout)
    {
        if (!await WaitForAsync(condition, timeout))
        {
            throw new TimeoutException(Invariant($"Timed out after {timeout.TotalSeconds:0} s waiting for {what}."));
        }
    }

    private void Say(string line) => Console.WriteLine(Invariant($"[{Now,7:0.0} s] {line}"));

    private sealed record WriterCounts(long Written, long RefusedFenced, long NotHeld, DateTimeOffset? LastWriteAt);
}
