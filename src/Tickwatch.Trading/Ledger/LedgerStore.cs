using System.Data.Common;
using Microsoft.Extensions.Logging;
using Tickwatch.Core.Trading;
using Tickwatch.Trading.Accounts;
using Tickwatch.Trading.Orders;

namespace Tickwatch.Trading.Ledger;

/// <summary>
/// The ledger on a relational database through ADO.NET: the schema, the batch writer and the reads, in SQL that
/// PostgreSQL and SQLite share. A dialect says how to connect, how it keeps decimals and times, and how it locks.
/// </summary>
public abstract class LedgerStore : ILedgerStore
{
    /// <summary>The most rows one page reads, whatever is asked.</summary>
    public const int MaxPageSize = 1_000;

    /// <summary>The columns of an order's row, in the order reads and writes use them.</summary>
    internal static readonly string[] OrderColumns =
    [
        "account", "order_id", "symbol", "order_type", "status", "is_active", "volume", "account_group", "route", "created_at",
        "pending_price", "open_price", "opened_at", "stop_loss", "take_profit", "commission", "swap", "realised_profit",
        "close_price", "closed_at", "close_reason", "open_quote", "close_quote", "client_quote", "revision", "event_index", "provider_request",
        "working_volume",
    ];

    private readonly SemaphoreSlim _schemaGate = new(1, 1);
    private readonly LedgerSchema _schema;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private volatile bool _schemaReady;

    private protected LedgerStore(LedgerSchema schema, TimeProvider time, ILogger logger)
    {
        _schema = schema;
        _time = time;
        _logger = logger;
    }

    public LedgerStatistics Statistics { get; } = new();

    /// <summary>This code's schema version.</summary>
    public int SchemaVersion => _schema.Version;

    /// <summary>The database in words, for logs and errors (never a password).</summary>
    public abstract string Database { get; }

    /// <summary>The SQL that creates <c>schema_version</c> when it is missing.</summary>
    private protected abstract string SchemaVersionTableSql { get; }

    /// <summary>What makes the read of an account's row hold it until the batch commits (PostgreSQL: <c>FOR UPDATE</c>).</summary>
    private protected virtual string LockRowSql => string.Empty;

    public async Task<LedgerSchemaMigration> MigrateAsync(CancellationToken cancellationToken)
    {
        await _schemaGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var migration = await MigrateOnceAsync(cancellationToken).ConfigureAwait(false);
            _schemaReady = true;
            return migration;
        }
        finally
        {
            _schemaGate.Release();
        }
    }

    public async Task<LedgerWriteResult> WriteAsync(IReadOnlyList<LedgerEvent> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (Problem(batch) is { } problem)
        {
            Statistics.CountRefused();
            LedgerLog.BatchRefused(_logger, batch.Count, problem);
            throw new ArgumentException("The ledger refused the batch: " + problem, nameof(batch));
        }

        if (batch.Count == 0)
        {
            return default;
        }

        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        LedgerWriteResult result;
        try
        {
            result = await WriteBatchAsync(batch, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Statistics.CountFailed();
            LedgerLog.BatchFailed(_logger, ex, batch.Count, Database, ex.Message);
            throw;
        }

        Statistics.Count(result);
        if (result.Duplicates > 0)
        {
            LedgerLog.DuplicatesSkipped(_logger, result.Duplicates, result.Applied);
        }

        return result;
    }

    public async Task<LedgerAccount?> ReadAccountAsync(AccountId account, CancellationToken cancellationToken) =>
        (await ReadAccountsAsync(" WHERE account = @account", account, cancellationToken).ConfigureAwait(false)).SingleOrDefault();

    public Task<IReadOnlyList<LedgerAccount>> ReadAccountsAsync(CancellationToken cancellationToken) =>
        ReadAccountsAsync(string.Empty, null, cancellationToken);

    public Task<IReadOnlyList<OrderStatusChange>> ReadOrderHistoryAsync(AccountId account, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken) =>
        QueryAsync(HistorySql + InRange + " ORDER BY revision, event_index", Range(account, since, until), r => HistoryOf(account, r), cancellationToken);

    public Task<IReadOnlyList<Deal>> ReadDealsAsync(AccountId account, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken) =>
        QueryAsync(DealsSql + InRange + " ORDER BY revision, event_index, seq", Range(account, since, until), r => DealOf(account, r), cancellationToken);

    public Task<IReadOnlyList<Deal>> ReadDealsAsync(
        AccountId account, DateTimeOffset since, DateTimeOffset until, LedgerCursor after, int limit, CancellationToken cancellationToken) =>
        QueryAsync(
            DealsSql + InRange + " AND (revision > @revision OR (revision = @revision AND (event_index > @index OR (event_index = @index AND seq > @row))))" +
            " ORDER BY revision, event_index, seq LIMIT @limit",
            [.. Range(account, since, until), .. After(after), ("limit", (long)PageSize(limit))],
            r => DealOf(account, r),
            cancellationToken);

    public async Task<IReadOnlyList<LedgerOrderHistory>> ReadOrdersAsync(
        AccountId account, DateTimeOffset since, DateTimeOffset until, LedgerCursor after, int limit, CancellationToken cancellationToken)
    {
        // An order's place is its first change in the range; the window keeps one row per order.
        var firsts = await QueryAsync(
            "SELECT order_id, revision, event_index FROM (SELECT order_id, revision, event_index, " +
            "ROW_NUMBER() OVER (PARTITION BY order_id ORDER BY revision, event_index) AS n FROM order_status_history" + InRange + ") AS firsts " +
            "WHERE n = 1 AND (revision > @revision OR (revision = @revision AND event_index > @index)) ORDER BY revision, event_index LIMIT @limit",
            [.. Range(account, since, until), .. After(after), ("limit", (long)PageSize(limit))],
            r => (OrderId: r.GetString(0), Cursor: new LedgerCursor(r.GetInt64(1), checked((int)r.GetInt64(2)), 0)),
            cancellationToken).ConfigureAwait(false);
        if (firsts.Count == 0)
        {
            return [];
        }

        var ids = firsts.Select((f, i) => ("o" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), (object?)f.OrderId)).ToArray();
        var inIds = " AND order_id IN (" + string.Join(", ", ids.Select(p => "@" + p.Item1)) + ")";
        var orders = (await QueryAsync(
            $"SELECT {string.Join(", ", OrderColumns)} FROM orders WHERE account = @account" + inIds,
            [("account", account.ToString()), .. ids],
            r => OrderOf(account, r),
            cancellationToken).ConfigureAwait(false)).ToDictionary(o => o.Id, StringComparer.Ordinal);
        var history = (await QueryAsync(
            HistorySql + InRange + inIds + " ORDER BY revision, event_index",
            [.. Range(account, since, until), .. ids],
            r => HistoryOf(account, r),
            cancellationToken).ConfigureAwait(false)).ToLookup(h => h.OrderId, StringComparer.Ordinal);
        return [.. firsts.Where(f => orders.ContainsKey(f.OrderId)).Select(f => new LedgerOrderHistory(orders[f.OrderId], [.. history[f.OrderId]], f.Cursor))];
    }

    public async Task<AccountStatement> ReadStatementAsync(AccountId account, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var opening = await QueryAsync(
            "SELECT balance_after FROM balance_operations WHERE account = @account AND occurred_at < @from ORDER BY revision DESC, event_index DESC, seq DESC LIMIT 1",
            Range(account, since, until),
            r => ReadMoney(r, 0),
            cancellationToken).ConfigureAwait(false);
        var operations = await QueryAsync(
            "SELECT revision, event_index, operation, amount, balance_after, order_id, comment, occurred_at FROM balance_operations" + InRange +
            " ORDER BY revision, event_index, seq",
            Range(account, since, until),
            r => new BalanceOperation(
                IdOf(account, r, 0),
                LedgerWire.TryParseOperation(r.GetString(2), out var kind) ? kind : throw Unreadable("balance operation", r.GetString(2)),
                ReadMoney(r, 3),
                ReadMoney(r, 4),
                ReadText(r, 5),
                ReadText(r, 6),
                ReadTime(r, 7)),
            cancellationToken).ConfigureAwait(false);
        return new AccountStatement(account, since, until, opening.Count == 0 ? 0m : opening[0], operations);
    }

    public async Task<IReadOnlyList<Order>> ReadOpenPositionsAsync(AccountId account, CancellationToken cancellationToken) =>
        [.. (await ReadActiveOrdersAsync(account, cancellationToken).ConfigureAwait(false)).Where(o => o.OpenPrice is not null)];

    public async Task<IReadOnlyList<Order>> ReadPendingOrdersAsync(AccountId account, CancellationToken cancellationToken) =>
        [.. (await ReadActiveOrdersAsync(account, cancellationToken).ConfigureAwait(false)).Where(o => o.OpenPrice is null)];

    public Task<IReadOnlyList<RecordedAutoCutoffDecision>> ReadAutoCutoffDecisionsAsync(AccountId account, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken) =>
        QueryAsync(
            "SELECT revision, event_index, decision, margin_level, equity, used_margin, order_id, reason, occurred_at FROM autocutoff_decisions" + InRange +
            " ORDER BY revision, event_index",
            Range(account, since, until),
            r => new RecordedAutoCutoffDecision(
                IdOf(account, r, 0),
                new AutoCutoffDecision(r.GetString(2), ReadOptionalMoney(r, 3), ReadOptionalMoney(r, 4), ReadOptionalMoney(r, 5), ReadText(r, 6), ReadText(r, 7)),
                ReadTime(r, 8)),
            cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await DisposeCoreAsync().ConfigureAwait(false);
        _schemaGate.Dispose();
        GC.SuppressFinalize(this);
    }

    private protected abstract ValueTask DisposeCoreAsync();

    private protected abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Run once on a connection before the schema is migrated, outside any transaction (SQLite's journal mode).</summary>
    private protected virtual Task PrepareAsync(DbConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Keeps a second process from migrating at the same time, until <paramref name="transaction"/> ends.</summary>
    private protected virtual Task LockSchemaAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) => Task.CompletedTask;

    private protected abstract object MoneyValue(decimal value);

    private protected abstract decimal ReadMoney(DbDataReader reader, int ordinal);

    /// <summary>Binds a UTC instant already cut to the microsecond.</summary>
    private protected abstract object TimeValue(DateTimeOffset value);

    private protected abstract DateTimeOffset ReadTime(DbDataReader reader, int ordinal);

    private const string InRange = " WHERE account = @account AND occurred_at >= @from AND occurred_at < @to";

    private static (string, object?)[] Range(AccountId account, DateTimeOffset since, DateTimeOffset until) =>
        [("account", account.ToString()), ("from", since), ("to", until)];

    private const string HistorySql = "SELECT revision, event_index, order_id, kind, status, volume, occurred_at FROM order_status_history";

    private const string DealsSql =
        "SELECT revision, event_index, order_id, deal_kind, symbol, side, volume, price, profit, occurred_at, quote_bid, quote_ask, quote_book_sequence, " +
        "quote_feed, quote_source_time, quote_received_at, quote_age_ms, quote_half_spread, seq FROM deals";

    private static int PageSize(int limit) => Math.Clamp(limit, 1, MaxPageSize);

    private static (string, object?)[] After(LedgerCursor after) => [("revision", after.Revision), ("index", (long)after.Index), ("row", (long)after.Row)];

    private OrderStatusChange HistoryOf(AccountId account, DbDataReader r) =>
        new(IdOf(account, r, 0), r.GetString(2), r.GetString(3), Parse<OrderStatus>(r.GetString(4), TradingWire.TryParseOrderStatus), ReadMoney(r, 5), ReadTime(r, 6));

    private Deal DealOf(AccountId account, DbDataReader r) =>
        new(
            IdOf(account, r, 0),
            r.GetString(2),
            LedgerWire.TryParseDeal(r.GetString(3), out var kind) ? kind : throw Unreadable("deal kind", r.GetString(3)),
            r.GetString(4),
            string.Equals(r.GetString(5), TradingWire.Of(TradeSide.Buy), StringComparison.Ordinal) ? TradeSide.Buy : TradeSide.Sell,
            ReadMoney(r, 6),
            ReadMoney(r, 7),
            ReadMoney(r, 8),
            r.IsDBNull(10)
                ? null
                : new QuoteLineage(
                    ReadMoney(r, 10), ReadMoney(r, 11), r.GetInt64(12), r.GetString(13), ReadOptionalTime(r, 14), ReadTime(r, 15), r.GetInt64(16), ReadOptionalMoney(r, 17)),
            ReadTime(r, 9))
        {
            Row = checked((int)r.GetInt64(18)),
        };

    private static LedgerEventId IdOf(AccountId account, DbDataReader reader, int ordinal) =>
        new(account, reader.GetInt64(ordinal), checked((int)reader.GetInt64(ordinal + 1)));

    private static string? ReadText(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private decimal? ReadOptionalMoney(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : ReadMoney(reader, ordinal);

    private DateTimeOffset? ReadOptionalTime(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : ReadTime(reader, ordinal);

    private delegate bool TryParser<T>(ReadOnlySpan<char> text, out T value);

    private static T Parse<T>(string text, TryParser<T> parse) => parse(text, out var value) ? value : throw Unreadable(typeof(T).Name, text);

    private static InvalidDataException Unreadable(string what, string text) => new($"The ledger holds '{text}', which is no {what} this code knows.");

    private static string? Problem(IReadOnlyList<LedgerEvent> batch)
    {
        var last = new Dictionary<AccountId, LedgerEventId>();
        foreach (var ledgerEvent in batch)
        {
            if (ledgerEvent is null)
            {
                return "the batch holds a null event";
            }

            if (ledgerEvent.Problem() is { } problem)
            {
                return problem;
            }

            if (last.TryGetValue(ledgerEvent.Id.Account, out var previous) && !ledgerEvent.Id.IsAfter(previous))
            {
                return $"event {ledgerEvent.Id} comes after {previous} in the batch; an account's events must rise";
            }

            last[ledgerEvent.Id.Account] = ledgerEvent.Id;
        }

        return null;
    }

    private async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        if (!_schemaReady)
        {
            await MigrateAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<LedgerSchemaMigration> MigrateOnceAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await PrepareAsync(connection, cancellationToken).ConfigureAwait(false);
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                await LockSchemaAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(connection, transaction, SchemaVersionTableSql, [], cancellationToken).ConfigureAwait(false);
                int before;
                using (var command = Command(connection, transaction, "SELECT COALESCE(MAX(version), 0) FROM schema_version", []))
                {
                    before = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
                }

                if (before > _schema.Version)
                {
                    LedgerLog.SchemaTooNew(_logger, Database, before, _schema.Version);
                    throw new LedgerSchemaException(before, _schema.Version);
                }

                foreach (var (version, name, sql) in _schema.Migrations.Where(m => m.Version > before))
                {
                    await ExecuteAsync(connection, transaction, sql, [], cancellationToken).ConfigureAwait(false);
                    await ExecuteAsync(
                        connection,
                        transaction,
                        "INSERT INTO schema_version (version, description, applied_at) VALUES (@version, @description, @at)",
                        [("version", (long)version), ("description", name), ("at", _time.GetUtcNow())],
                        cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                if (before != _schema.Version)
                {
                    LedgerLog.Migrated(_logger, Database, before, _schema.Version);
                }

                return new LedgerSchemaMigration(before, _schema.Version);
            }
        }
    }

    private async Task<LedgerWriteResult> WriteBatchAsync(IReadOnlyList<LedgerEvent> batch, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                // One read of every row the batch builds on, the changes worked out in memory, then the writes in few round trips.
                var accounts = await ReadPositionsAsync(connection, transaction, LedgerWritePlan.AccountsOf(batch), cancellationToken).ConfigureAwait(false);
                var orders = await ReadOrdersAsync(connection, transaction, LedgerWritePlan.OrdersOf(batch), cancellationToken).ConfigureAwait(false);
                var plan = LedgerWritePlan.Of(batch, accounts, orders, now);
                await ExecuteRowsAsync(connection, transaction, plan.Statements, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return new LedgerWriteResult(plan.Applied, plan.Duplicates);
            }
        }
    }

    /// <summary>
    /// A FROM item <c>keys</c> whose rows are <paramref name="rows"/>, as text columns named <paramref name="columns"/>,
    /// with the parameters it binds: any number of keys in one statement.
    /// </summary>
    private protected abstract (string Sql, (string, object?)[] Parameters) KeysSql(IReadOnlyList<string> columns, IReadOnlyList<string[]> rows);

    /// <summary>
    /// Runs each statement once per row, in order, inside <paramref name="transaction"/>: here one prepared command per
    /// statement reused for its rows (an embedded database has no round trip to save); a server's store batches them.
    /// </summary>
    private protected virtual async Task ExecuteRowsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<LedgerRows> statements, CancellationToken cancellationToken)
    {
        foreach (var statement in statements)
        {
            using var command = connection.CreateCommand();
#pragma warning disable CA2100 // The SQL is this class's own text; every value is a parameter.
            command.CommandText = statement.Sql;
#pragma warning restore CA2100
            command.Transaction = transaction;
            var parameters = new DbParameter[statement.Names.Count];
            for (var i = 0; i < parameters.Length; i++)
            {
                parameters[i] = command.CreateParameter();
                parameters[i].ParameterName = statement.Names[i];
                command.Parameters.Add(parameters[i]);
            }

            var prepared = false;
            foreach (var row in statement.Rows)
            {
                for (var i = 0; i < parameters.Length; i++)
                {
                    parameters[i].Value = DbValue(row[i]);
                }

                if (!prepared)
                {
                    await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
                    prepared = true;
                }

                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>A value as the database takes it: money and times in the dialect's form (times cut to the microsecond), nulls as DBNull.</summary>
    private protected object DbValue(object? value) => value switch
    {
        null => DBNull.Value,
        decimal money => MoneyValue(money),
        DateTimeOffset time => TimeValue(new DateTimeOffset(time.UtcTicks - (time.UtcTicks % 10), TimeSpan.Zero)),
        int number => (long)number,
        _ => value,
    };

    private async Task<Dictionary<AccountId, (decimal Balance, LedgerEventId? Position)>> ReadPositionsAsync(
        DbConnection connection, DbTransaction transaction, IReadOnlyList<AccountId> accounts, CancellationToken cancellationToken)
    {
        var (keys, parameters) = KeysSql(["account"], [.. accounts.Select(a => new[] { a.ToString() })]);
        var positions = new Dictionary<AccountId, (decimal, LedgerEventId?)>(accounts.Count);
        using var command = Command(
            connection,
            transaction,
            "SELECT a.account, a.balance, a.last_revision, a.last_event_index FROM " + keys + " CROSS JOIN accounts AS a WHERE a.account = keys.account ORDER BY a.account" + LockRowSql,
            parameters);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var account = AccountId.Parse(reader.GetString(0));
                positions[account] = (ReadMoney(reader, 1), reader.IsDBNull(2) ? null : IdOf(account, reader, 2));
            }
        }

        return positions;
    }

    private async Task<Dictionary<(AccountId Account, string OrderId), Order>> ReadOrdersAsync(
        DbConnection connection, DbTransaction transaction, IReadOnlyList<(AccountId Account, string OrderId)> orders, CancellationToken cancellationToken)
    {
        var found = new Dictionary<(AccountId, string), Order>(orders.Count);
        if (orders.Count == 0)
        {
            return found;
        }

        var (keys, parameters) = KeysSql(["account", "order_id"], [.. orders.Select(o => new[] { o.Account.ToString(), o.OrderId })]);
        using var command = Command(
            connection,
            transaction,
            $"SELECT {string.Join(", ", OrderColumns.Select(c => "o." + c))} FROM " + keys + " CROSS JOIN orders AS o WHERE o.account = keys.account AND o.order_id = keys.order_id",
            parameters);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var order = OrderOf(AccountId.Parse(reader.GetString(0)), reader);
                found[(order.Account, order.Id)] = order;
            }
        }

        return found;
    }

    private Task<IReadOnlyList<Order>> ReadActiveOrdersAsync(AccountId account, CancellationToken cancellationToken) =>
        QueryAsync(
            $"SELECT {string.Join(", ", OrderColumns)} FROM orders WHERE account = @account AND is_active = 1 ORDER BY created_at, order_id",
            [("account", account.ToString())],
            r => OrderOf(account, r),
            cancellationToken);

    private Order OrderOf(AccountId account, DbDataReader r) => new()
    {
        Account = account,
        Id = r.GetString(1),
        Symbol = r.GetString(2),
        Type = Parse<OrderType>(r.GetString(3), TradingWire.TryParseOrderType),
        Status = Parse<OrderStatus>(r.GetString(4), TradingWire.TryParseOrderStatus),
        Volume = ReadMoney(r, 6),
        Group = r.GetString(7),
        Route = Parse<ExecutionRoute>(r.GetString(8), TradingWire.TryParseRoute),
        CreatedAt = ReadTime(r, 9),
        PendingPrice = ReadOptionalMoney(r, 10),
        OpenPrice = ReadOptionalMoney(r, 11),
        OpenedAt = ReadOptionalTime(r, 12),
        StopLoss = ReadOptionalMoney(r, 13),
        TakeProfit = ReadOptionalMoney(r, 14),
        Commission = ReadMoney(r, 15),
        Swap = ReadMoney(r, 16),
        RealisedProfit = ReadMoney(r, 17),
        ClosePrice = ReadOptionalMoney(r, 18),
        ClosedAt = ReadOptionalTime(r, 19),
        CloseReason = ReadText(r, 20),
        OpenQuote = LedgerJson.ReadLineage(ReadText(r, 21)),
        CloseQuote = LedgerJson.ReadLineage(ReadText(r, 22)),
        ClientQuote = LedgerJson.ReadClientQuote(ReadText(r, 23)),
        ProviderRequest = ReadText(r, 26) is { } request ? ProviderRequestOf(request) : null,
        WorkingVolume = ReadOptionalMoney(r, 27),
    };

    private static OutstandingRequest ProviderRequestOf(string text)
    {
        try
        {
            return OutstandingRequest.Parse(text);
        }
        catch (FormatException ex)
        {
            throw new InvalidDataException($"The ledger holds '{text}', which is no provider request this code knows: {ex.Message}", ex);
        }
    }

    private async Task<IReadOnlyList<LedgerAccount>> ReadAccountsAsync(string where, AccountId? account, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        return await QueryAsync(
            "SELECT account, leverage, account_group, route, email, auto_cutoff_level, auto_liquidation_level, status, currency, balance, last_revision, last_event_index " +
            "FROM accounts" + where + " ORDER BY account",
            account is { } id ? [("account", id.ToString())] : [],
            r =>
            {
                var id = AccountId.Parse(r.GetString(0));
                var balance = ReadMoney(r, 9);
                var configuration = r.IsDBNull(1)
                    ? null
                    : new TradingAccount
                    {
                        Id = id,
                        WalletBalance = balance,
                        Leverage = ReadMoney(r, 1),
                        Group = r.GetString(2),
                        Route = Parse<ExecutionRoute>(r.GetString(3), TradingWire.TryParseRoute),
                        Email = ReadText(r, 4),
                        AutoCutoffLevel = ReadMoney(r, 5),
                        AutoLiquidationLevel = ReadMoney(r, 6),
                        Status = Parse<AccountStatus>(r.GetString(7), TradingWire.TryParseAccountStatus),
                        Currency = r.GetString(8),
                    };
                return new LedgerAccount(id, configuration, balance, r.IsDBNull(10) ? null : IdOf(id, r, 10));
            },
            cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, (string, object?)[] parameters, Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = Command(connection, null, sql, parameters);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var rows = new List<T>();
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    rows.Add(read(reader));
                }

                return rows;
            }
        }
    }

    private async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, (string, object?)[] parameters, CancellationToken cancellationToken)
    {
        using var command = Command(connection, transaction, sql, parameters);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
#pragma warning disable CA2100 // The SQL is this class's own text; every value is a parameter.
        command.CommandText = sql;
#pragma warning restore CA2100
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = DbValue(value);
            command.Parameters.Add(parameter);
        }

        return command;
    }
}
