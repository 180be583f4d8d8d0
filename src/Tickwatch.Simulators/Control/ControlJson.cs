using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tickwatch.Simulators.Control;

/// <summary>JSON conventions of the simulators' control APIs: snake_case, and unknown fields refused so that a typo is an error, not a no-op.</summary>
public static class ControlJson
{
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        return options;
    }
}
