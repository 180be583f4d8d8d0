using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Tickwatch.RestoreHarness;
using Tickwatch.Storage;
using Tickwatch.Storage.Redis;
using Tickwatch.Trading.Ledger;
using Tickwatch.Trading.Store;
using Tickwatch.Trading.Store.Redis;

// Issue 14's measurement: restore of 10,000 accounts with 50,000 positions in at most 30 s. Fills a ledger (SQLite, or
// PostgreSQL with --postgresql), then restores it into the in-memory store and, with --redis, into a Redis Cluster,
// each followed by the reconciliation, and prints the figures. Options: see RestoreSettings.Usage (--help).
if (args.Contains("--help"))
{
    Console.WriteLine(RestoreSettings.Usage);
    return 0;
}

RestoreSettings settings;
try
{
    settings = RestoreSettings.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

var time = TimeProvider.System;
Directory.CreateDirectory(settings.Folder);
await using ILedgerStore ledger = settings.PostgreSql is { } connectionString
    ? new PostgreSqlLedgerStore(connectionString, time)
    : new SqliteLedgerStore(Path.Combine(settings.Folder, "ledger.db"), time);
var database = ledger is LedgerStore named ? named.Database : ledger.GetType().Name;
await ledger.MigrateAsync(default);
if ((await ledger.ReadAccountsAsync(default)).Count > 0)
{
    Console.Error.WriteLine($"{database} holds accounts already: give the harness an empty ledger.");
    return 2;
}

var filled = await LedgerFill.FillAsync(ledger, settings, time.GetUtcNow());
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"ledger {database}: {settings.Accounts} accounts, {settings.Positions} positions, {settings.Pending} pending orders written in {filled.TotalSeconds:0.0} s"));

var options = Options.Create(new LedgerOptions { RestoreParallelism = settings.Parallelism, ReconcileParallelism = settings.Parallelism });
var failed = false;
if (settings.InMemory)
{
    var store = new InMemoryTradingStore(time);
    failed |= !await RunAsync("in memory", store, store);
}

if (settings.RedisSeeds is { } seeds)
{
    await using var connection = new RedisConnection(Options.Create(new RedisStoreOptions { Configuration = seeds, ClientName = "tickwatch-restore-harness" }), time, new StoreErrorLog());
    var store = new RedisTradingStore(connection, time);
    failed |= !await RunAsync("redis cluster " + seeds, store, store);
}

if (settings.PostgreSql is null)
{
    Directory.Delete(settings.Folder, recursive: true);
}

return failed ? 1 : 0;

async Task<bool> RunAsync(string name, ITradingStore store, ITradingOutbox outbox)
{
    var reconciliation = new LedgerReconciliation(ledger, store, outbox, options, time, NullLogger<LedgerReconciliation>.Instance);
    var restore = new LedgerRestore(ledger, store, options, time, NullLogger<LedgerRestore>.Instance, reconciliation);
    var started = Stopwatch.GetTimestamp();
    var report = await restore.RestoreAsync(default);
    var total = Stopwatch.GetElapsedTime(started);
    var r = report.Reconciliation;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name}: restored {report.Restored} accounts, {report.Positions} positions, {report.PendingOrders} pending orders in {report.ElapsedMs / 1000:0.00} s "
        + $"({report.Restored / (report.ElapsedMs / 1000):0} accounts/s, parallelism {settings.Parallelism}); skipped {report.Skipped}; "
        + $"reconciliation {r?.InAgreement}/{r?.Checked} in agreement, {r?.Drifting} drifting in {(r?.ElapsedMs ?? 0) / 1000:0.00} s; restore + reconciliation {total.TotalSeconds:0.00} s"));
    return report.Restored == settings.Accounts && r is { Drifting: 0 };
}
