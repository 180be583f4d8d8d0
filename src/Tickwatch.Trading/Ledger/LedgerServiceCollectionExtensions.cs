using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tickwatch.Hosting.Options;
using Tickwatch.Hosting.Supervision;
using Tickwatch.Storage.Cluster;
using Tickwatch.Trading.Cluster;
using Tickwatch.Trading.Engine;
using Tickwatch.Trading.Portfolio;
using Tickwatch.Trading.Seed;
using Tickwatch.Trading.Store;
using Tickwatch.Trading.Triggers;

namespace Tickwatch.Trading.Ledger;

/// <summary>Registers the ledger: its store on the configured database and the supervised writer that fills it from the trading store's outbox.</summary>
public static class LedgerServiceCollectionExtensions
{
    /// <summary>
    /// The <c>Ledger</c> options; when enabled, the <see cref="ILedgerStore"/> (<c>sqlite</c>: the file
    /// <see cref="LedgerOptions.Path"/> under the working folder; <c>postgresql</c>: <see cref="LedgerOptions.ConnectionString"/>),
    /// the <see cref="LedgerWriter"/> and its <see cref="LedgerWriterService"/>, started where this is called in the
    /// supervisor's order (the schema is migrated when it starts); the <see cref="LedgerRestore"/> the seed asks at start
    /// (<see cref="ITradingStateRestore"/>) and the <see cref="LedgerReconciliation"/> with its periodic
    /// <see cref="LedgerReconciliationService"/>. Needs the trading store (<see cref="ITradingOutbox"/>)
    /// and a <see cref="TimeProvider"/> registered. Nothing connects here.
    /// </summary>
    /// <returns>Every problem of the <c>Ledger</c> section, for the host's <see cref="OptionsErrors"/>.</returns>
    public static IReadOnlyList<string> AddLedger(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var bound = services.AddBoundOptions(configuration, LedgerOptions.Section, new DataAnnotationsValidator<LedgerOptions>(LedgerOptions.Section), new LedgerOptionsValidator());
        var options = bound.Value;
        if (!options.Enabled || bound.Errors.Count > 0)
        {
            return bound.Errors;
        }

        if (string.Equals(options.Provider, LedgerOptions.PostgreSql, StringComparison.OrdinalIgnoreCase))
        {
            services.TryAddSingleton<ILedgerStore>(sp => new PostgreSqlLedgerStore(
                options.ConnectionString!, sp.GetRequiredService<TimeProvider>(), sp.GetService<ILogger<PostgreSqlLedgerStore>>()));
        }
        else
        {
            var path = Path.GetFullPath(options.Path);
            services.TryAddSingleton<ILedgerStore>(sp => new SqliteLedgerStore(path, sp.GetRequiredService<TimeProvider>(), sp.GetService<ILogger<SqliteLedgerStore>>()));
        }

        services.TryAddSingleton<LedgerWriter>();
        services.AddSupervisedService<LedgerWriterService>();

        // Restore (asked by the seed at start) tells the triggers and the portfolio calculator of what it put back.
        services.TryAddSingleton<LedgerReconciliation>();
        services.TryAddSingleton(sp => new LedgerRestore(
            sp.GetRequiredService<ILedgerStore>(),
            sp.GetRequiredService<ITradingStore>(),
            sp.GetRequiredService<IOptions<LedgerOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<LedgerRestore>>(),
            sp.GetRequiredService<LedgerReconciliation>(),
            [.. new IOrderObserver?[] { sp.GetService<TriggerMonitor>(), sp.GetService<PortfolioCalculator>() }.OfType<IOrderObserver>()]));
        services.TryAddSingleton<ITradingStateRestore>(sp => sp.GetRequiredService<LedgerRestore>());
        services.AddLeasedService<LedgerReconciliationService>(ClusterJobs.LedgerReconcile);
        return bound.Errors;
    }
}
