using Microsoft.Extensions.DependencyInjection;

namespace Tickwatch.Market.Startup;

/// <summary>Registers start-up prerequisite checks; they run and are logged in registration order.</summary>
public static class PrerequisiteServiceCollectionExtensions
{
    public static IServiceCollection AddPrerequisiteCheck<TCheck>(this IServiceCollection services)
        where TCheck : class, IPrerequisiteCheck
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<IPrerequisiteCheck, TCheck>();
        return services;
    }
}
