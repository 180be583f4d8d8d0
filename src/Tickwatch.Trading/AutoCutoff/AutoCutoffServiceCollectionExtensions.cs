using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tickwatch.Hosting.Options;
using Tickwatch.Hosting.Supervision;
using Tickwatch.Storage.Cluster;
using Tickwatch.Trading.Engine;
using Tickwatch.Trading.Portfolio;
using Tickwatch.Trading.Store;

namespace Tickwatch.Trading.AutoCutoff;

/// <summary>Registers AutoCutoff: the watcher on the portfolio calculator's output, its margin-call mailer, and its supervised service.</summary>
public static class AutoCutoffServiceCollectionExtensions
{
    /// <summary>
    /// The <c>AutoCutoff</c> options; when enabled, the <see cref="MarginCallMailer"/> (SMTP when <c>AutoCutoff:Smtp:Host</c>
    /// is set, else <c>.eml</c> files in <see cref="AutoCutoffOptions.MailFolder"/> under the working folder), the
    /// <see cref="AutoCutoffWatcher"/> (it adds itself to the <see cref="PortfolioCalculator"/>) and its
    /// <see cref="AutoCutoffWatcherService"/>, started where this is called in the supervisor's order. Needs the trading
    /// store (which must also be an <see cref="IAutoCutoffLocks"/>), the engine, the calculator and a <see cref="TimeProvider"/>.
    /// </summary>
    /// <returns>Every problem of the <c>AutoCutoff</c> section, for the host's <see cref="OptionsErrors"/>.</returns>
    public static IReadOnlyList<string> AddAutoCutoff(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var cluster = configuration.GetSection(ClusterOptions.SectionName).Get<ClusterOptions>() ?? new ClusterOptions();
        var value = configuration.GetSection(AutoCutoffOptions.Section).Get<AutoCutoffOptions>() ?? new AutoCutoffOptions();

        // A leased cluster takes a stop-out over after the lock's life: shorter there unless configured (risk 6).
        if (cluster.Mode == ClusterMode.Leased && configuration[AutoCutoffOptions.Section + ":" + nameof(AutoCutoffOptions.LockTtl)] is null)
        {
            value.LockTtl = AutoCutoffOptions.LeasedLockTtl;
        }

        var bound = services.AddBoundOptions(value, new DataAnnotationsValidator<AutoCutoffOptions>(AutoCutoffOptions.Section), new AutoCutoffOptionsValidator(cluster));
        var options = bound.Value;
        if (!options.Enabled || bound.Errors.Count > 0)
        {
            return bound.Errors;
        }

        services.TryAddSingleton<IMarginCallDelivery>(_ => options.Smtp.IsConfigured
            ? new SmtpMarginCallDelivery(options.Smtp)
            : new FolderMarginCallDelivery(options.MailFolder));
        services.TryAddSingleton<MarginCallMailer>();
        services.TryAddSingleton(sp =>
        {
            var store = sp.GetRequiredService<ITradingStore>();
            var locks = store as IAutoCutoffLocks
                ?? throw new InvalidOperationException($"The trading store {store.GetType().Name} keeps no AutoCutoff locks ({nameof(IAutoCutoffLocks)}).");
            return new AutoCutoffWatcher(
                store,
                locks,
                sp.GetRequiredService<TradingEngine>(),
                sp.GetRequiredService<MarginCallMailer>(),
                sp.GetRequiredService<IOptions<AutoCutoffOptions>>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetService<ILogger<AutoCutoffWatcher>>(),
                sp.GetService<PortfolioCalculator>(),
                sp.GetService<ILeaseHolder>());
        });
        services.AddSupervisedService<AutoCutoffWatcherService>();
        return bound.Errors;
    }
}
