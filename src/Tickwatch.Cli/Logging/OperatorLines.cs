using Serilog.Events;

namespace Tickwatch.Cli.Logging;

/// <summary>Which log events belong in the summary log: the operators' lines of the guide (they start with its markers) and every warning or error.</summary>
public static class OperatorLines
{
    // The guide's markers: start-up (🚀 🔍 ✅ 📊 🎯), health (💊 🚨), feeds (📈 🔌), failures (❌ ⚠️), restarts (🔄), stale (⏳), slow (⏱️).
    private static readonly string[] Markers = ["🚀", "🔍", "✅", "📊", "🎯", "💊", "🚨", "📈", "🔌", "❌", "⚠️", "🔄", "⏳", "⏱️"];

    public static bool BelongInSummary(LogEvent logEvent)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        return logEvent.Level >= LogEventLevel.Warning || IsOperatorLine(logEvent.MessageTemplate.Text);
    }

    public static bool IsOperatorLine(string template)
    {
        ArgumentNullException.ThrowIfNull(template);
        foreach (var marker in Markers)
        {
            if (template.StartsWith(marker, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
