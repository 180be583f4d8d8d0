namespace Tickwatch.Hosting.Supervision;

/// <summary>A named background service of the market service, run, watched and restarted by the <see cref="ServiceSupervisor"/>.</summary>
/// <remarks>Register one with <see cref="SupervisionServiceCollectionExtensions.AddSupervisedService{TService}(Microsoft.Extensions.DependencyInjection.IServiceCollection)"/>.</remarks>
public interface ISupervisedService
{
    /// <summary>Stable snake_case id, unique in the service: the key in <c>/api/debug/services</c> and its restart route (e.g. <c>feed_json</c>).</summary>
    string Name { get; }

    /// <summary>What the start-up log calls it, read as "✅ {DisplayName} started" (e.g. <c>JSON market listener</c>).</summary>
    string DisplayName { get; }

    /// <summary>
    /// Does the work until <paramref name="stoppingToken"/> fires. Throwing is a fault: the supervisor
    /// restarts the service with backoff. Returning before the token fires means the work is done.
    /// </summary>
    Task RunAsync(CancellationToken stoppingToken);
}
