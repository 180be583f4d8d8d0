using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Npgsql;
using StackExchange.Redis;
using Tickwatch.Core.Trading;
using Tickwatch.Storage;

namespace Tickwatch.ClusterHarness;

/// <summary>
/// What the engine committed for an account, as the books hold it: the ledger's rows in the run's PostgreSQL when the
/// market services write a ledger (their partitioned writers drain the outboxes into it), otherwise the account's
/// outbox (<c>ledger_outbox:{live:N}</c>), which then keeps every entry.
/// </summary>
internal sealed class LedgerRecords(IDatabase redis, string? database) : IAsyncDisposable
{
    // Kinds an order commits at most once; a second row of one of them for an order is a duplicate.
    private const string OnceKinds = "'order_placed', 'order_filled', 'order_closed', 'order_cancelled', 'order_rejected'";

    private readonly NpgsqlDataSource? _ledger = database is null ? null : NpgsqlDataSource.Create(database);

    /// <summary>Whether the events come from the ledger (true) or the outboxes (false).</summary>
    public bool InLedger => _ledger is not null;

    /// <summary>Waits until the ledger writers have drained the accounts' outboxes (at once without a ledger); the accounts still pending at the deadline.</summary>
    public async Task<IReadOnlyList<AccountId>> WaitDrainedAsync(IEnumerable<AccountId> accounts, TimeSpan timeout)
    {
        var pending = accounts.Distinct().ToList();
        if (_ledger is null)
        {
            return [];
        }

        var watch = Stopwatch.StartNew();
        while (true)
        {
            var depths = await Task.WhenAll(pending.Select(a => redis.ListLengthAsync(RedisKeys.LedgerOutbox(a))));
            pending = [.. pending.Where((_, i) => depths[i] > 0)];
            if (pending.Count == 0 || watch.Elapsed > timeout)
            {
                return pending;
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Every change committed for the account, in commit order (the ledger's events, or the outbox's entries).</summary>
    public async Task<IReadOnlyList<CommittedEvent>> EventsAsync(AccountId account)
    {
        if (_ledger is null)
        {
            return [.. (await OutboxAsync(account)).Select(e => new CommittedEvent(e["kind"]!.GetValue<string>(), e["order_id"]?.GetValue<string>()))];
        }

        await using var command = _ledger.CreateCommand("SELECT kind, order_id FROM ledger_events WHERE account = $1 ORDER BY revision, event_index");
        command.Parameters.AddWithValue(account.ToString());
        var events = new List<CommittedEvent>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            events.Add(new CommittedEvent(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1)));
        }

        return events;
    }

    /// <summary>The AutoCutoff decisions committed for the account, in commit order; the ledger does not keep a decision's fence (null then).</summary>
    public async Task<IReadOnlyList<StopOutDecision>> DecisionsAsync(AccountId account)
    {
        if (_ledger is null)
        {
            return [.. (await OutboxAsync(account))
                .Where(e => e["kind"]?.GetValue<string>() == "autocutoff_decided" && e["payload"] is not null)
                .Select(e => new StopOutDecision(
                    e["payload"]!["decision"]!.GetValue<string>(),
                    e["payload"]!["order_id"]?.GetValue<string>(),
                    e["payload"]!["margin_level"]?.GetValue<decimal>(),
                    e["payload"]!["fence"]?.GetValue<long>(),
                    DateTimeOffset.Parse(e["at"]!.GetValue<string>(), CultureInfo.InvariantCulture)))];
        }

        await using var command = _ledger.CreateCommand(
            "SELECT decision, order_id, margin_level, occurred_at FROM autocutoff_decisions WHERE account = $1 ORDER BY revision, event_index");
        command.Parameters.AddWithValue(account.ToString());
        var decisions = new List<StopOutDecision>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            decisions.Add(new StopOutDecision(
                reader.GetString(0),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetDecimal(2),
                null,
                reader.GetFieldValue<DateTimeOffset>(3)));
        }

        return decisions;
    }

    /// <summary>The ids of the account's orders the ledger holds (empty without a ledger).</summary>
    public async Task<IReadOnlySet<string>> OrdersAsync(AccountId account)
    {
        var orders = new HashSet<string>(StringComparer.Ordinal);
        if (_ledger is null)
        {
            return orders;
        }

        await using var command = _ledger.CreateCommand("SELECT order_id FROM orders WHERE account = $1");
        command.Parameters.AddWithValue(account.ToString());
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            orders.Add(reader.GetString(0));
        }

        return orders;
    }

    /// <summary>
    /// Rows per logical event over the whole ledger, the groups held more than once: an order's event of a kind it
    /// commits once, its fill or close deal, its balance operation of one kind, its AutoCutoff decision of one kind.
    /// </summary>
    /// <remarks>
    /// The tables' primary keys are the outbox position (account, revision, event index[, seq]): they stop one entry
    /// being written twice, not one change committed twice under two revisions, which is what these groups catch.
    /// </remarks>
    public async Task<(long Rows, IReadOnlyList<LedgerRowsTwice> Twice)> RowsTwiceAsync()
    {
        if (_ledger is null)
        {
            return (0, []);
        }

        await using var count = _ledger.CreateCommand(
            "SELECT (SELECT count(*) FROM ledger_events) + (SELECT count(*) FROM deals) + (SELECT count(*) FROM balance_operations) + (SELECT count(*) FROM autocutoff_decisions)");
        var rows = (long)(await count.ExecuteScalarAsync())!;
        await using var command = _ledger.CreateCommand($"""
            SELECT 'ledger_events', account || ' ' || order_id || ' ' || kind, count(*) FROM ledger_events
              WHERE order_id IS NOT NULL AND kind IN ({OnceKinds}) GROUP BY account, order_id, kind HAVING count(*) > 1
            UNION ALL
            SELECT 'deals', account || ' ' || order_id || ' ' || deal_kind, count(*) FROM deals
              GROUP BY account, order_id, deal_kind HAVING count(*) > 1
            UNION ALL
            SELECT 'balance_operations', account || ' ' || order_id || ' ' || operation, count(*) FROM balance_operations
              WHERE order_id IS NOT NULL GROUP BY account, order_id, operation HAVING count(*) > 1
            UNION ALL
            SELECT 'autocutoff_decisions', account || ' ' || order_id || ' ' || decision, count(*) FROM autocutoff_decisions
              WHERE order_id IS NOT NULL GROUP BY account, order_id, decision HAVING count(*) > 1
            """);
        var twice = new List<LedgerRowsTwice>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            twice.Add(new LedgerRowsTwice(reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        }

        return (rows, twice);
    }

    public async ValueTask DisposeAsync()
    {
        if (_ledger is not null)
        {
            await _ledger.DisposeAsync();
        }
    }

    private async Task<IReadOnlyList<JsonNode>> OutboxAsync(AccountId account) =>
        [.. (await redis.ListRangeAsync(RedisKeys.LedgerOutbox(account))).Select(v => JsonNode.Parse((string)v!)!)];
}
