using Microsoft.Extensions.DependencyInjection;

namespace Tickwatch.Market.Services;

/// <summary>Registers background services with the <see cref="ServiceSupervisor"/>; they start in registration order.</summary>
public static class SupervisionServiceCollectionExtensions
{
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
