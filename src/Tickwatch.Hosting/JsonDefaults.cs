using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tickwatch.Hosting;

/// <summary>The JSON conventions of every Tickwatch HTTP body: snake_case names and enums, as the operators' jq paths expect.</summary>
public static class JsonDefaults
{
    public static void Apply(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DictionaryKeyPolicy = null;
        options.WriteIndented = true;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
    }
}
