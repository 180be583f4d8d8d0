using System.Text.Json;
using System.Text.Json.Serialization;
using Tickwatch.Core.Prices;

namespace Tickwatch.Gateway.Quotes;

/// <summary>Writes a quote's freshness as the stream writes it (<see cref="ClientQuoteFields.FreshnessValue"/>), whatever the host's JSON options.</summary>
public sealed class ClientFreshnessJsonConverter : JsonConverter<Freshness>
{
    public override Freshness Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        foreach (var freshness in Enum.GetValues<Freshness>())
        {
            if (reader.ValueTextEquals(ClientQuoteFields.FreshnessValue(freshness)))
            {
                return freshness;
            }
        }

        throw new JsonException($"Unknown freshness '{reader.GetString()}'.");
    }

    public override void Write(Utf8JsonWriter writer, Freshness value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(ClientQuoteFields.FreshnessValue(value));
    }
}
