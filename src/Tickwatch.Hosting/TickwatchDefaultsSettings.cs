using System.Text.Json;
using Tickwatch.Hosting.Correlation;

namespace Tickwatch.Hosting;

/// <summary>What a role tells <see cref="TickwatchDefaults.AddTickwatchDefaults(Microsoft.AspNetCore.Builder.WebApplicationBuilder, TickwatchDefaultsSettings)"/> about itself.</summary>
public sealed class TickwatchDefaultsSettings
{
    /// <summary>The role's name on its metrics (<c>tickwatch-market</c>, <c>tickwatch-gateway</c>, <c>tickwatch-quote-hub</c>).</summary>
    public required string ServiceName { get; init; }

    /// <summary>The JSON conventions of the role's HTTP bodies; <see cref="JsonDefaults.Apply"/> unless its wire format says otherwise.</summary>
    public Action<JsonSerializerOptions> Json { get; init; } = JsonDefaults.Apply;

    /// <summary>The level and client of the role's request lines.</summary>
    public RequestLoggingPolicy RequestLogging { get; init; } = RequestLoggingPolicy.OperatorCalls;
}
