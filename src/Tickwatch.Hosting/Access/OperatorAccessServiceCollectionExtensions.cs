using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Tickwatch.Hosting.Options;

namespace Tickwatch.Hosting.Access;

/// <summary>Registers operator access: its options (section <c>Operator</c>) and the filter of the <c>/api/debug</c> groups.</summary>
public static class OperatorAccessServiceCollectionExtensions
{
    /// <returns>The options and their problems, for the host's <see cref="OptionsErrors"/>.</returns>
    public static BoundOptions<OperatorAccessOptions> AddOperatorAccess(this IServiceCollection services, IConfiguration configuration)
    {
        var options = services.AddBoundOptions(configuration, OperatorAccessOptions.SectionName, new OperatorAccessOptionsValidator());
        services.AddSingleton<OperatorAccessFilter>();
        return options;
    }
}
