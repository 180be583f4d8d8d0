using System.CommandLine;
using System.Data.Common;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tickwatch.Storage;
using Tickwatch.Trading;
using Tickwatch.Trading.Ledger;
using Tickwatch.Trading.Store;

namespace Tickwatch.Cli.Commands;

/// <summary>
/// <c>tickwatch trading restore</c>: rebuilds the trading store the market service is configured with (the Redis
/// Cluster of <c>Redis:Configuration</c>) from its ledger (<c>Ledger:*</c>): every account at its ledger revision with
/// its balance, open positions and pending orders, leaving alone any account the store holds at that revision or above;
/// then reconciles and prints both. Exit code 0 restored and in agreement, 2 configuration invalid, the ledger disabled or
/// the store in memory, 3 the ledger or the store cannot be used, 4 restored but the reconciliation found drift or failed.
/// </summary>
internal static class TradingCommand
{
    private const int Done = 0;
    private const int Usage = 2;
    private const int Refused = 3;
    private const int Drift = 4;

    public static Command Create()
    {
        var configFile = CliConfiguration.ConfigFileOption();
        var restore = new Command("restore", "Rebuild the trading store (Redis) from the ledger at the ledger's revisions, then reconcile; accounts the store holds at or above them are left alone.")
        {
            configFile,
        };
        restore.TreatUnmatchedTokensAsErrors = false;
        restore.SetAction((parse, cancel) => CommandRunner.RunAsync(
            () => RestoreAsync(CliConfiguration.Build(parse, configFile), Console.Out, Console.Error, cancel)));
        return new Command("trading", "Manage the trading state.") { restore };
    }

    /// <summary>Restores the trading store that <paramref name="configuration"/> names from its ledger, as the market service would open both.</summary>
    /// <exception cref="OptionsValidationException">The <c>Ledger</c>, <c>Redis</c> or <c>Trading</c> section is invalid.</exception>
    public static async Task<int> RestoreAsync(IConfiguration configuration, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(errors);
        var services = new ServiceCollection();
        services.AddSingleton(TimeProvider.System);
        services.AddLogging();

        // The market service's registrations, so the CLI opens exactly the store and the ledger the service would.
        var problems = new List<string>(services.AddTickwatchStorage(configuration));
        services.AddTradingStore(configuration);
        problems.AddRange(services.AddLedger(configuration));
        if (problems.Count > 0)
        {
            throw new OptionsValidationException("Tickwatch", typeof(LedgerOptions), problems);
        }

        await using var provider = services.BuildServiceProvider();
        if (provider.GetService<LedgerRestore>() is not { } restore)
        {
            await errors.WriteLineAsync("❌ The ledger is disabled (Ledger:Enabled=false): nothing to restore from.").ConfigureAwait(false);
            return Usage;
        }

        if (provider.GetRequiredService<ITradingStore>() is InMemoryTradingStore)
        {
            await errors.WriteLineAsync("❌ The trading store is in memory (no Redis:Configuration): it lives in the market service, which restores it from the ledger at start.").ConfigureAwait(false);
            return Usage;
        }

        var ledger = provider.GetRequiredService<ILedgerStore>();
        var database = ledger is LedgerStore store ? store.Database : ledger.GetType().Name;
        LedgerRestoreReport report;
        try
        {
            report = await restore.RestoreAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is LedgerSchemaException or DbException or TradingStoreException)
        {
            // A driver's message names the host or file, never the password.
            await errors.WriteLineAsync($"❌ Cannot restore from {database}: {ex.Message}").ConfigureAwait(false);
            return Refused;
        }

        await output.WriteLineAsync(Print(report, database)).ConfigureAwait(false);
        return report.Reconciliation is { Drifting: 0 } ? Done : Drift;
    }

    /// <summary>The figures of a restore and of the reconciliation after it, as the command prints them.</summary>
    public static string Print(LedgerRestoreReport report, string database)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new System.Text.StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"ledger: {report.LedgerAccounts} accounts ({database})");
        text.AppendLine(c, $"restored: {report.Restored} accounts, {report.Positions} open positions, {report.PendingOrders} pending orders in {report.ElapsedMs:0.#} ms");
        text.AppendLine(c, $"left alone: {report.Skipped} (the store holds them at the ledger's revision or above), not restorable: {report.Unrestorable}");
        foreach (var line in report.NotRestored)
        {
            text.AppendLine(c, $"  {line}");
        }

        if (report.Reconciliation is { } r)
        {
            text.AppendLine(c, $"reconciliation: {r.Checked} accounts checked, {r.InAgreement} in agreement, {r.Drifting} drifting, {r.Behind} behind the ledger writer ({r.ElapsedMs:0.#} ms)");
            foreach (var drift in r.Drifts)
            {
                text.AppendLine(c, $"  {drift.Account}: {string.Join("; ", drift.Differences)}");
            }
        }
        else
        {
            text.AppendLine(c, $"reconciliation: failed: {report.ReconciliationError}");
        }

        text.Append("A running market service loads restored orders into its triggers and portfolios at its next start: restart it.");
        return text.ToString();
    }
}
