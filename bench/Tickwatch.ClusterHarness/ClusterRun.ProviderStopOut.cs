using System.Diagnostics;
using System.Text.Json.Nodes;
using Tickwatch.Core.Trading;
using Tickwatch.Storage.Cluster;
using static System.FormattableString;

namespace Tickwatch.ClusterHarness;

/// <summary>The provider-routed stop-out kills (issue 17): the liquidating instance SIGKILLed while its closes are requests at the execution gateway.</summary>
internal sealed partial class ClusterRun
{
    private static readonly TimeSpan ProviderFinishDeadline = TimeSpan.FromSeconds(60);

    /// <summary>
    /// <see cref="ClusterSettings.ProviderStopOuts"/> times: an account routed to the liquidity provider breached below its
    /// liquidation level, the stop-out lock's holder SIGKILLed at the lock (odd runs) or once its first close request is
    /// committed on the order with the gateway's reports held (even runs: the report cannot have been applied); runs 1
    /// and 4 of every 4 pick an account whose partition the holder of <c>job:provider</c> owns, so the instance killed is
    /// the one connected to the gateway, runs 2 and 3 one whose requests are relayed (the default two runs: the holder at
    /// the lock, a relaying instance with its close request committed and perhaps not relayed). The survivor must finish: each
    /// position closed once at the gateway and once in the books, no close left outstanding, the minimal set of closes,
    /// the account free again.
    /// </summary>
    private async Task<ScenarioResult> ProviderStopOutKillsAsync()
    {
        var redis = (await _system.StoreConnection.GetAsync(CancellationToken.None)).GetDatabase();
        var finishes = new List<double>();
        var notes = new List<string>();
        var accounts = new List<StopOutAccount>();
        long atLock = 0, atRequest = 0, providerHolderKilled = 0, closes = 0, executedAtProvider = 0, closedTwice = 0, outstanding = 0, unneeded = 0, outOfOrder = 0, belowLevel = 0, unfinished = 0;
        for (var i = 1; i <= settings.ProviderStopOuts; i++)
        {
            await SteadyHolderAsync();
            var atCloseRequest = i % 2 == 0;
            var onProviderHolder = i % 4 is 1 or 0;
            var provider = await ProviderHolderAsync();
            var id = await AccountOwnedAsync(97_000 + (i * 1_000), provider, onProviderHolder);
            var account = new StopOutAccount(_system.Http, _system.Hub, redis, id, ExecutionRoute.Provider);
            _otherAccounts.Add(account.Id);
            accounts.Add(account);
            await account.OpenAsync([.. _system.Markets.Select(m => m.Address)]);
            _otherPlaced.AddRange(account.Placed);

            // Held reports: the first close request is committed and sent, and its execution cannot be applied before the kill.
            if (atCloseRequest)
            {
                await ExecControlAsync("control/pause");
            }

            (long Token, string Owner)? held = null;
            string? providerAtKill = null;
            MarketNode? killed = null;
            var killedAt = DateTimeOffset.UtcNow;
            int requestedAtKill;
            decimal drop;
            try
            {
                drop = await account.BreachAsync(_system.Markets[0].Address);
                var looking = Stopwatch.StartNew();
                while (looking.Elapsed < RecoveryDeadline)
                {
                    held = await account.LockAsync() ?? held;
                    if (held is not null && (!atCloseRequest || (await account.OutstandingClosesAsync()).Count > 0))
                    {
                        break;
                    }
                }

                if (held is { } h)
                {
                    providerAtKill = (await _system.Leases.ReadAsync(LeaseName.Job(ClusterJobs.Provider), CancellationToken.None)).Holder;
                    killed = _system.Market(h.Owner);
                    killedAt = DateTimeOffset.UtcNow;
                    await killed.KillAsync();
                }

                requestedAtKill = (await account.OutstandingClosesAsync()).Count;
            }
            finally
            {
                if (atCloseRequest)
                {
                    await ExecControlAsync("control/resume");
                }
            }

            _log.Checked("provider-stop-out-started");
            if (held is not { } lockHeld || killed is null)
            {
                _log.Violated("provider-stop-out-started", account.Id.ToString(), Invariant($"no stop-out took the lock{(atCloseRequest ? " and committed a close request" : string.Empty)} within {RecoveryDeadline.TotalSeconds:0} s of a {drop:0.00000} drop of {StopOutAccount.Symbol}"));
                continue;
            }

            atLock += atCloseRequest ? 0 : 1;
            atRequest += atCloseRequest ? 1 : 0;
            var killedProvider = providerAtKill == killed.Name;
            providerHolderKilled += killedProvider ? 1 : 0;
            var survivor = _system.Markets.Single(m => m != killed);

            // Free again: also no close waits on the provider.
            var (finished, final, finishSeconds) = await WaitFreeAgainAsync(
                "provider-stop-out",
                account,
                survivor,
                lockHeld,
                killedAt,
                ProviderFinishDeadline,
                async () => await account.OutstandingClosesAsync() is { Count: > 0 } waiting ? $"closes outstanding [{string.Join(' ', waiting)}]" : null);
            unfinished += finished ? 0 : 1;
            if (finished)
            {
                finishes.Add(finishSeconds);
            }

            var events = await account.OrderEventsAsync();
            await CheckDrainedAsync(account.Id, "the provider stop-out");
            var decisions = await _ledger.DecisionsAsync(account.Id);
            string[] decided = [.. decisions.Where(d => d.Decision == "close_position").Select(d => d.OrderId!)];
            string[] closedEvents = [.. events.Where(e => e.Status == "CLOSED").Select(e => e.OrderId)];
            string[] booked = [.. (await _ledger.EventsAsync(account.Id)).Where(e => e.Kind == "order_closed").Select(e => e.OrderId!)];
            var atGateway = await GatewayClosesAsync(account.Id);
            string[] executed = [.. atGateway.SelectMany(c => Enumerable.Repeat(c.OrderId, c.Executions))];
            closes += closedEvents.Length;
            executedAtProvider += executed.Length;

            // Once everywhere: one execution per order at the gateway, one order_closed per order in the books, one CLOSED
            // event, one close decision, and the same orders in all four.
            _log.Checked("provider-close-once");
            string[] twice = [.. new[] { executed, booked, closedEvents, decided }
                .SelectMany(list => list.GroupBy(o => o, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key))
                .Distinct(StringComparer.Ordinal)];
            var sameOrders = new[] { booked, closedEvents, decided }.All(list => list.Order(StringComparer.Ordinal).SequenceEqual(executed.Order(StringComparer.Ordinal), StringComparer.Ordinal));
            if (twice.Length > 0 || !sameOrders)
            {
                closedTwice += Math.Max(1, twice.Length);
                _log.Violated("provider-close-once", account.Id.ToString(), $"closed twice: [{string.Join(' ', twice)}]; executed at the gateway [{string.Join(' ', atGateway.Select(c => $"{c.ClientOrderId}x{c.Executions}"))}], order_closed [{string.Join(' ', booked)}], CLOSED events [{string.Join(' ', closedEvents)}], close decisions [{string.Join(' ', decided)}]");
            }

            // Nothing left hanging: every close request the gateway saw was answered, and no order still carries one.
            _log.Checked("provider-no-close-outstanding");
            var unanswered = atGateway.Where(c => c.Executions + c.Rejections == 0).Select(c => c.ClientOrderId).ToArray();
            var stillRequested = await account.OutstandingClosesAsync();
            if (unanswered.Length > 0 || stillRequested.Count > 0)
            {
                outstanding += unanswered.Length + stillRequested.Count;
                _log.Violated("provider-no-close-outstanding", account.Id.ToString(), $"unanswered at the gateway [{string.Join(' ', unanswered)}], provider_request still on [{string.Join(' ', stillRequested)}]");
            }

            var (needless, misordered, below) = CheckLiquidation("provider-stop-out", account, [.. decisions.Where(d => d.Decision == "close_position")], final);
            unneeded += needless;
            outOfOrder += misordered;
            belowLevel += below ? 1 : 0;

            var fences = decisions.Where(d => d.Fence is not null).Select(d => d.Fence!.Value).Distinct().ToArray();
            notes.Add(Invariant($"{account.Id} (partition {PartitionMap.Of(account.Id)}): breached by a {drop:0.00000} drop; {lockHeld.Owner} (fence {lockHeld.Token}{(killedProvider ? ", holding job:provider" : $", job:provider on {providerAtKill ?? "nobody"}")}) SIGKILLed {(atCloseRequest ? "with its first close request committed and the gateway's reports held" : "at the lock")} ({requestedAtKill} close requests outstanding); {survivor.Name} finished: {executed.Length} closes executed at the gateway ({string.Join(' ', atGateway.Select(c => c.ClientOrderId))}), {closedEvents.Length} of {account.VolumeOf.Count} closed{(fences.Length > 0 ? $" (fences {string.Join(' ', fences)})" : string.Empty)}, final margin level {final?.MarginLevel:0.##} % with {final?.OpenPositions} open; free again {finishSeconds:0.000} s after the kill"));
            Say(notes[^1]);
            await killed.StartAsync(_system.Http, "health/ready", TimeSpan.FromSeconds(90));
        }

        // The kill that matters most: the liquidator is the instance connected to the gateway, so the survivor takes the link over too.
        if (settings.ProviderStopOuts >= 2)
        {
            _log.Checked("provider-holder-killed-mid-stop-out");
            if (providerHolderKilled == 0)
            {
                _log.Violated("provider-holder-killed-mid-stop-out", "harness", Invariant($"none of {settings.ProviderStopOuts} provider stop-outs was liquidated by the holder of job:provider"));
            }
        }

        // A later stop-out's price move breaches the earlier accounts again (their remaining positions are on the same
        // symbol), and they are liquidated while the next kill happens: once all have settled, still once each.
        var sweep = await SweepAsync(accounts);
        notes.Add(sweep);
        Say(sweep);

        finishes.Sort();
        return new ScenarioResult(
            "provider-stopout-kill",
            new Dictionary<string, double?>
            {
                ["stop_outs"] = settings.ProviderStopOuts,
                ["killed_at_lock"] = atLock,
                ["killed_at_close_request"] = atRequest,
                ["killed_provider_holder"] = providerHolderKilled,
                ["closes"] = closes,
                ["closes_executed_at_provider"] = executedAtProvider,
                ["closed_twice"] = closedTwice,
                ["closes_left_outstanding"] = outstanding,
                ["closes_not_needed"] = unneeded,
                ["closes_out_of_order"] = outOfOrder,
                ["left_below_liquidation_level"] = belowLevel,
                ["unfinished"] = unfinished,
                ["finish_after_kill_p50_s"] = Percentile([.. finishes], 0.5),
                ["finish_after_kill_max_s"] = finishes.Count > 0 ? Math.Round(finishes[^1], 3) : null,
            },
            [
                Invariant($"each account: sending_orders provider, BUY {StopOutAccount.Symbol} 1.0, 0.9 … 0.1 lot filled by the execution gateway, cutoff {StopOutAccount.CutoffLevel} %, liquidation level {StopOutAccount.LiquidationLevel} %, funded to a 110 % margin level, then breached by a hub price move (about 11 %)"),
                "odd stop-outs: the lock's holder SIGKILLed as soon as the lock is read; even ones: the gateway's reports paused before the move, the holder SIGKILLed once an order carries provider_request close|… (committed, report not applied), reports resumed after the kill",
                "stop-outs 1 and 4 of every 4 use an account in a partition the holder of job:provider owns (the liquidator is the instance connected to the gateway); 2 and 3 one owned by the relaying instance",
                "closed once = per order one EXECUTED close at the gateway (GET /control/closes), one order_closed in the books, one CLOSED order event, one close decision, the same orders in all four; outstanding = a close the gateway never answered or provider_request still on an order",
                Invariant($"free again = lock gone, no provider_request close on any order, and the survivor values the account at or above the liquidation level, after the kill (deadline {ProviderFinishDeadline.TotalSeconds:0} s)"),
                .. notes,
            ]);
    }

    /// <summary>Once every account's lock is gone and no close waits on the provider: per order at most one execution at the gateway, and the gateway's and the books' closed orders the same.</summary>
    private async Task<string> SweepAsync(IReadOnlyList<StopOutAccount> accounts)
    {
        var settled = await WaitForAsync(
            async () =>
            {
                foreach (var account in accounts)
                {
                    if (await account.LockAsync() is not null || (await account.OutstandingClosesAsync()).Count > 0)
                    {
                        return false;
                    }
                }

                return true;
            },
            ProviderFinishDeadline);
        _log.Checked("provider-stop-outs-settled");
        if (!settled)
        {
            _log.Violated("provider-stop-outs-settled", "harness", Invariant($"{ProviderFinishDeadline.TotalSeconds:0} s after the last provider stop-out, a lock or a close request is still held"));
        }

        long executed = 0, closed = 0;
        foreach (var account in accounts)
        {
            await CheckDrainedAsync(account.Id, "the last provider stop-out");
            string[] atGateway = [.. (await GatewayClosesAsync(account.Id)).SelectMany(c => Enumerable.Repeat(c.OrderId, c.Executions))];
            string[] booked = [.. (await _ledger.EventsAsync(account.Id)).Where(e => e.Kind == "order_closed").Select(e => e.OrderId!)];
            executed += atGateway.Length;
            closed += booked.Length;
            _log.Checked("provider-close-once-after-all");
            var twice = atGateway.Concat(booked).GroupBy(o => o, StringComparer.Ordinal).Where(g => g.Count() != 2).Select(g => $"{g.Key}x{g.Count()}").ToArray();
            if (twice.Length > 0)
            {
                _log.Violated("provider-close-once-after-all", account.Id.ToString(), $"orders not executed once at the gateway and booked once (order x executions + order_closed): [{string.Join(' ', twice)}]");
            }
        }

        return Invariant($"after all: {accounts.Count} accounts settled {(settled ? "yes" : "NO")}, {executed} closes executed at the gateway, {closed} order_closed booked (the later price moves liquidate the earlier accounts' remaining positions)");
    }

    /// <summary>The holder of <c>job:provider</c>, waiting for one.</summary>
    private async Task<string> ProviderHolderAsync()
    {
        string? holder = null;
        await WaitAsync(
            async () => (holder = (await _system.Leases.ReadAsync(LeaseName.Job(ClusterJobs.Provider), CancellationToken.None)).Holder) is not null,
            "job:provider held",
            RecoveryDeadline);
        return holder!;
    }

    /// <summary>The first live account from <paramref name="first"/> whose partition is (or is not) held by <paramref name="instance"/>.</summary>
    private async Task<AccountId> AccountOwnedAsync(int first, string instance, bool ownedByIt)
    {
        for (var n = first; n < first + 200; n++)
        {
            var id = new AccountId(UserType.Live, n);
            var owner = (await _system.Leases.ReadAsync(LeaseName.Partition(PartitionMap.Of(id)), CancellationToken.None)).Holder;
            if (owner is not null && (owner == instance) == ownedByIt)
            {
                return id;
            }
        }

        throw new InvalidOperationException(Invariant($"No account from live:{first} in a partition {(ownedByIt ? string.Empty : "not ")}held by {instance}."));
    }

    /// <summary>The close requests the execution gateway has handled for <paramref name="account"/>.</summary>
    private async Task<IReadOnlyList<(string OrderId, string ClientOrderId, int Executions, int Rejections)>> GatewayClosesAsync(AccountId account)
    {
        var closes = JsonNode.Parse(await _system.Http.GetStringAsync(new Uri(_system.ExecControl, "control/closes")))!.AsArray();
        return [.. closes
            .Where(c => c!["account"]!.GetValue<string>() == account.ToString())
            .Select(c => (c!["order_id"]!.GetValue<string>(), c["client_order_id"]!.GetValue<string>(), c["executions"]!.GetValue<int>(), c["rejections"]!.GetValue<int>()))];
    }

    private async Task ExecControlAsync(string path)
    {
        using var response = await _system.Http.PostAsync(new Uri(_system.ExecControl, path), null);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(Invariant($"The execution gateway refused {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}"));
        }
    }
}
