using System.CommandLine;
using System.Data.Common;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tickwatch.Trading.Ledger;

namespace Tickwatch.Cli.Commands;

/// <summary>
/// <c>tickwatch db migrate</c>: brings the ledger database the market service is configured with (<c>Ledger:*</c>) to
/// this code's schema version and prints the version before and after. Exit code 0 migrated or already there,
/// 2 configuration invalid or the ledger disabled, 3 the database is newer than the code or cannot be reached.
/// </summary>
internal static class DbCommand
{
    private const int Migrated = 0;
    private const int Usage = 2;
    private const int Refused = 3;

    public static Command Create()
    {
        var configFile = CliConfiguration.ConfigFileOption();
        var migrate = new Command("migrate", "Bring the ledger database (Ledger:Provider, Path, ConnectionString from the environment) to this version's schema.")
        {
            configFile,
        };
        migrate.TreatUnmatchedTokensAsErrors = false;
        migrate.SetAction((parse, cancel) => CommandRunner.RunAsync(
            () => MigrateAsync(CliConfiguration.Build(parse, configFile), Console.Out, Console.Error, cancel)));
        return new Command("db", "Manage the ledger database.") { migrate };
    }

    /// <summary>Migrates the ledger that <paramref name="configuration"/> names, as the market service would open it.</summary>
    /// <exception cref="OptionsValidationException">The <c>Ledger</c> section is invalid.</exception>
    public static async Task<int> MigrateAsync(IConfiguration configuration, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(errors);
        var services = new ServiceCollection();
        services.AddSingleton(TimeProvider.System);
        // The same registration as the market service's, so the CLI opens exactly the database the service would.
        var problems = services.AddLedger(configuration);
        if (problems.Count > 0)
        {
            throw new OptionsValidationException(LedgerOptions.Section, typeof(LedgerOptions), problems);
        }

        await using var provider = services.BuildServiceProvider();
        if (provider.GetService<ILedgerStore>() is not { } ledger)
        {
            await errors.WriteLineAsync("❌ The ledger is disabled (Ledger:Enabled=false): nothing to migrate.").ConfigureAwait(false);
            return Usage;
        }

        var database = ledger is LedgerStore store ? store.Database : ledger.GetType().Name;
        try
        {
            var migration = await ledger.MigrateAsync(cancellationToken).ConfigureAwait(false);
            var note = migration.Changed ? string.Empty : ", already at this version";
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"ledger schema: {migration.Before} -> {migration.After} ({database}{note})")).ConfigureAwait(false);
            return Migrated;
        }
        catch (LedgerSchemaException ex)
        {
            await errors.WriteLineAsync($"❌ {database}: {ex.Message}").ConfigureAwait(false);
            return Refused;
        }
        catch (DbException ex)
        {
            // A driver's message names the host or file, never the password.
            await errors.WriteLineAsync($"❌ Cannot migrate {database}: {ex.Message}").ConfigureAwait(false);
            return Refused;
        }
    }
}
