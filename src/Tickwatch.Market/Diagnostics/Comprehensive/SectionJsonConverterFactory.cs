using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Tickwatch.Market.Diagnostics.Comprehensive;

/// <summary>Writes a <see cref="Section{T}"/> as one flat object (status, elapsed time, error, then the figures) and reads it back.</summary>
public sealed class SectionJsonConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert)
    {
        ArgumentNullException.ThrowIfNull(typeToConvert);
        return typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(Section<>);
    }

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(typeToConvert);
        return (JsonConverter)Activator.CreateInstance(typeof(SectionConverter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]))!;
    }

    private sealed class SectionConverter<T> : JsonConverter<Section<T>>
        where T : class
    {
        public override Section<T>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var body = JsonSerializer.Deserialize<JsonObject>(ref reader, options);
            if (body is null)
            {
                return null;
            }

            var status = body[Name(options, nameof(Section<>.Status))]?.Deserialize<SectionStatus>(options) ?? SectionStatus.Failed;
            var elapsed = body[Name(options, nameof(Section<>.ElapsedMs))]?.GetValue<double>() ?? 0;
            var error = body[Name(options, nameof(Section<>.Error))]?.GetValue<string>();
            body.Remove(Name(options, nameof(Section<>.Status)));
            body.Remove(Name(options, nameof(Section<>.ElapsedMs)));
            body.Remove(Name(options, nameof(Section<>.Error)));
            return new Section<T>
            {
                Status = status,
                ElapsedMs = elapsed,
                Error = error,
                Value = status == SectionStatus.Ok ? body.Deserialize<T>(options) : null,
            };
        }

        public override void Write(Utf8JsonWriter writer, Section<T> value, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            writer.WritePropertyName(Name(options, nameof(Section<>.Status)));
            JsonSerializer.Serialize(writer, value.Status, options);
            writer.WriteNumber(Name(options, nameof(Section<>.ElapsedMs)), value.ElapsedMs);
            if (value.Error is not null)
            {
                writer.WriteString(Name(options, nameof(Section<>.Error)), value.Error);
            }

            if (value.Value is not null && JsonSerializer.SerializeToNode(value.Value, options) is JsonObject figures)
            {
                foreach (var (name, node) in figures)
                {
                    writer.WritePropertyName(name);
                    if (node is null)
                    {
                        writer.WriteNullValue();
                    }
                    else
                    {
                        node.WriteTo(writer, options);
                    }
                }
            }

            writer.WriteEndObject();
        }

        private static string Name(JsonSerializerOptions options, string property) => options.PropertyNamingPolicy?.ConvertName(property) ?? property;
    }
}
