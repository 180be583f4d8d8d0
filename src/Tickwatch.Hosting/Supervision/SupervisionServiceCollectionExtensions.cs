using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Tickwatch.Hosting.Options;

namespace Tickwatch.Hosting.Supervision;

/// <summary>Registers the <see cref="ServiceSupervisor"/> and the background services it runs; they start in registration order.</summary>
public static class SupervisionServiceCollectionExtensions
{
    /// <summary>
    /// Registers the supervisor's options (section <c>Supervisor</c>) and the supervisor itself; the host adds it as a
    /// hosted service where it belongs in its start order (<see cref="AddSupervisorAsHostedService"/>).
    /// </summary>
    /// <returns>The options and their problems, for the host's <see cref="OptionsErrors"/>.</returns>
    public static BoundOptions<SupervisorOptions> AddSupervision(this IServiceCollection services, IConfiguration configuration)
    {
        var supervisor = services.AddBoundOptions(configuration, SupervisorOptions.SectionName, new SupervisorOptionsValidator());

        // The host must wait at least as long as the supervisor gives its services to stop.
        var hostStop = supervisor.Value.ShutdownTimeout + TimeSpan.FromSeconds(5);
        services.Configure<HostOptions>(o => o.ShutdownTimeout = o.ShutdownTimeout > hostStop ? o.ShutdownTimeout : hostStop);
        services.AddSingleton<ServiceSupervisor>();
        return supervisor;
    }

    /// <summary>Starts the supervisor (and so every supervised service) at this point of the host's start order.</summary>
    public static IServiceCollection AddSupervisorAsHostedService(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddHostedService(sp => sp.GetRequiredService<ServiceSupervisor>());
        return services;
    }

    /// <summary>Registers <typeparamref name="TService"/> as a singleton, run by the supervisor.</summary>
    public static IServiceCollection AddSupervisedService<TService>(this IServiceCollection services)
        where TService : class, ISupervisedService
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<TService>();
        services.AddSingleton<ISupervisedService>(sp => sp.GetRequiredService<TService>());
        return services;
    }

    /// <summary>Registers a service built by <paramref name="factory"/>, run by the supervisor.</summary>
    public static IServiceCollection AddSupervisedService(this IServiceCollection services, Func<IServiceProvider, ISupervisedService> factory)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(factory);
        services.AddSingleton(factory);
        return services;
    }
}
