using System.Globalization;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Display;
using Serilog.Parsing;
using Tickwatch.Hosting.Correlation;

namespace Tickwatch.Cli.Logging;

/// <summary>
/// A line of the detailed and summary log files: time, level, category and message, then <c>[id]</c> when the line was
/// written while handling a request (its <c>CorrelationId</c> scope) and the message does not show the id already.
/// </summary>
/// <remarks>
/// The id goes after the message, so the guide's grep patterns still match, and a grep for one id finds every line of
/// that request — in the gateway's log and in the market service's, which it called with the same id.
/// </remarks>
public sealed class LogFileLineFormatter : ITextFormatter
{
    private const string CorrelationProperty = RequestCorrelation.LogProperty;
    private const string Line = "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] {SourceContext}: {Message:lj}";
    private const string End = "{NewLine}{Exception}";

    private readonly MessageTemplateTextFormatter _plain = new(Line + End, CultureInfo.InvariantCulture);
    private readonly MessageTemplateTextFormatter _correlated = new(Line + " [{" + CorrelationProperty + ":l}]" + End, CultureInfo.InvariantCulture);

    public void Format(LogEvent logEvent, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        var correlated = logEvent.Properties.ContainsKey(CorrelationProperty) && !Mentions(logEvent.MessageTemplate, CorrelationProperty);
        (correlated ? _correlated : _plain).Format(logEvent, output);
    }

    private static bool Mentions(MessageTemplate template, string property)
    {
        foreach (var token in template.Tokens)
        {
            if (token is PropertyToken named && named.PropertyName == property)
            {
                return true;
            }
        }

        return false;
    }
}
