using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tickwatch.Hosting.Options;
using Tickwatch.Market.Diagnostics.Diagnosis;
using Tickwatch.Market.Diagnostics.RecentErrors;

namespace Tickwatch.Market.Diagnostics.Comprehensive;

/// <summary>Registers the comprehensive report, the recent-errors ring and its logger provider, and the diagnosis.</summary>
public static class ComprehensiveServiceCollectionExtensions
{
    /// <returns>The diagnostics options and their problems, for the host's <see cref="OptionsErrors"/>.</returns>
    public static BoundOptions<DiagnosticsOptions> AddComprehensiveDiagnostics(this IServiceCollection services, IConfiguration configuration)
    {
        var diagnostics = services.AddBoundOptions(configuration, DiagnosticsOptions.SectionName, new DiagnosticsOptionsValidator());
        services.AddSingleton(_ => new RecentErrorLog(diagnostics.Value.RecentErrorCapacity));

        // Every warning and error of the service goes to the ring, whatever other providers are configured.
        services.AddSingleton<ILoggerProvider, RecentErrorLoggerProvider>();
        services.AddSingleton(sp => new ProcessCpuMeter(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new FeedFailureHistory(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ProcessCpuMeter>().ProcessStartedAt));
        services.AddSingleton<SectionRunner>();
        services.AddSingleton<ComprehensiveDiagnostics>();
        services.AddSingleton(new DiagnosisEngine(DiagnosisEngine.StandardRules));
        services.AddSingleton<DiagnosisService>();
        return diagnostics;
    }
}
