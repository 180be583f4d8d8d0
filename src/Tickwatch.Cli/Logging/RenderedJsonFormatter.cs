using System.Globalization;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Display;
using Serilog.Formatting.Json;

namespace Tickwatch.Cli.Logging;

/// <summary>
/// One JSON object per line: time (<c>@t</c>), level (<c>@l</c>), the message rendered as the console shows it
/// (<c>@m</c>, so the guide's grep patterns match the JSON log too), its template (<c>@mt</c>), exception (<c>@x</c>)
/// and every property.
/// </summary>
/// <remarks>Serilog's own compact formatters quote string values inside <c>@m</c> ("Redis: \"✅\""), which no grep of the guide would find.</remarks>
public sealed class RenderedJsonFormatter : ITextFormatter
{
    private readonly MessageTemplateTextFormatter _message = new("{Message:lj}", CultureInfo.InvariantCulture);
    private readonly JsonValueFormatter _values = new(typeTagName: null);

    public void Format(LogEvent logEvent, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        ArgumentNullException.ThrowIfNull(output);
        using var message = new StringWriter(CultureInfo.InvariantCulture);
        _message.Format(logEvent, message);

        output.Write("{\"@t\":\"");
        output.Write(logEvent.Timestamp.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        output.Write("\",\"@l\":\"");
        output.Write(logEvent.Level.ToString());
        output.Write("\",\"@m\":");
        JsonValueFormatter.WriteQuotedJsonString(message.ToString(), output);
        output.Write(",\"@mt\":");
        JsonValueFormatter.WriteQuotedJsonString(logEvent.MessageTemplate.Text, output);
        if (logEvent.Exception is { } exception)
        {
            output.Write(",\"@x\":");
            JsonValueFormatter.WriteQuotedJsonString(exception.ToString(), output);
        }

        foreach (var (name, value) in logEvent.Properties)
        {
            output.Write(',');
            JsonValueFormatter.WriteQuotedJsonString(name.StartsWith('@') ? "@" + name : name, output);
            output.Write(':');
            _values.Format(value, output);
        }

        output.Write('}');
        output.Write('\n');
    }
}
