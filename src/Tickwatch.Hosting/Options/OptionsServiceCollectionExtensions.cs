using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Tickwatch.Hosting.Options;

/// <summary>The one way Tickwatch reads options: bound once from a section, checked by its validators, registered as that instance.</summary>
public static class OptionsServiceCollectionExtensions
{
    /// <summary>
    /// Binds <paramref name="section"/> into a new <typeparamref name="T"/> (defaults where it is absent), runs
    /// <paramref name="validators"/> on it and registers it, so that <c>IOptions&lt;T&gt;</c> returns this very instance.
    /// </summary>
    /// <returns>The options and every problem found; the caller hands the problems to its host's <see cref="OptionsErrors"/>.</returns>
    public static BoundOptions<T> AddBoundOptions<T>(this IServiceCollection services, IConfiguration configuration, string section, params IValidateOptions<T>[] validators)
        where T : class, new()
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentException.ThrowIfNullOrEmpty(section);
        return services.AddBoundOptions(configuration.GetSection(section).Get<T>() ?? new T(), validators);
    }

    /// <summary>Runs <paramref name="validators"/> on options a caller built in code and registers them, as the section overload does.</summary>
    /// <returns>The options and every problem found.</returns>
    public static BoundOptions<T> AddBoundOptions<T>(this IServiceCollection services, T value, params IValidateOptions<T>[] validators)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(value);
        services.AddOptions();
        services.AddSingleton<IOptionsFactory<T>>(new BoundOptionsFactory<T>(value));
        return new BoundOptions<T>(value, OptionsValidation.Errors(value, validators));
    }
}
