using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tickwatch.Market.Diagnostics.Diagnosis;
using Tickwatch.Market.Diagnostics.RecentErrors;

namespace Tickwatch.Market.Diagnostics.Comprehensive;

/// <summary>Registers the comprehensive report, the recent-errors ring and its logger provider, and the diagnosis.</summary>
public static class ComprehensiveServiceCollectionExtensions
{
    public static IServiceCollection AddComprehensiveDiagnostics(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<DiagnosticsOptions>().Bind(configuration.GetSection(DiagnosticsOptions.SectionName));
        services.AddSingleton(sp => new RecentErrorLog(sp.GetRequiredService<IOptions<DiagnosticsOptions>>().Value.RecentErrorCapacity));

        // Every warning and error of the service goes to the ring, whatever other providers are configured.
        services.AddSingleton<ILoggerProvider, RecentErrorLoggerProvider>();
        services.AddSingleton(sp => new ProcessCpuMeter(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new FeedFailureHistory(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ProcessCpuMeter>().ProcessStartedAt));
        services.AddSingleton<SectionRunner>();
        services.AddSingleton<ComprehensiveDiagnostics>();
        services.AddSingleton(new DiagnosisEngine(DiagnosisEngine.StandardRules));
        services.AddSingleton<DiagnosisService>();
        return services;
    }
}
