using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Serilog.Events;

namespace Tickwatch.Cli.Logging;

/// <summary>
/// The minimum level of each log category, read from the usual <c>Logging:LogLevel</c> section (Serilog takes every
/// event its provider is given, so the levels are applied in Serilog itself).
/// </summary>
public sealed record LogLevels(LogEventLevel Default, IReadOnlyDictionary<string, LogEventLevel> Overrides)
{
    public const string SectionName = "Logging:LogLevel";

    // Framework chatter (a line per HTTP request, per outgoing call) stays out unless asked for.
    private static readonly Dictionary<string, LogEventLevel> FrameworkDefaults = new(StringComparer.Ordinal)
    {
        ["Microsoft.AspNetCore"] = LogEventLevel.Warning,
        ["Microsoft.Extensions.Http"] = LogEventLevel.Warning,
        ["System.Net.Http.HttpClient"] = LogEventLevel.Warning,
        ["Microsoft.Hosting.Lifetime"] = LogEventLevel.Information,
    };

    /// <summary>Information and above, framework categories at warning: what the roles log when nothing is configured.</summary>
    public static LogLevels Standard { get; } = new(LogEventLevel.Information, FrameworkDefaults);

    /// <summary>The levels configured under <see cref="SectionName"/> over <see cref="Standard"/>; every value that is not a level is an error.</summary>
    public static LogLevels From(IConfiguration configuration, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(errors);
        var level = Standard.Default;
        var overrides = new Dictionary<string, LogEventLevel>(FrameworkDefaults, StringComparer.Ordinal);
        foreach (var setting in configuration.GetSection(SectionName).GetChildren())
        {
            if (!Enum.TryParse<LogLevel>(setting.Value, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                errors.Add($"{SectionName}:{setting.Key} must be one of {string.Join(", ", Enum.GetNames<LogLevel>())} (was '{setting.Value}').");
                continue;
            }

            if (setting.Key == "Default")
            {
                level = ToSerilog(parsed);
            }
            else
            {
                overrides[setting.Key] = ToSerilog(parsed);
            }
        }

        return new LogLevels(level, overrides);
    }

    // Serilog cannot switch a category off; None keeps only fatal events, which are never expected.
    private static LogEventLevel ToSerilog(LogLevel level) => level switch
    {
        LogLevel.Trace => LogEventLevel.Verbose,
        LogLevel.Debug => LogEventLevel.Debug,
        LogLevel.Information => LogEventLevel.Information,
        LogLevel.Warning => LogEventLevel.Warning,
        LogLevel.Error => LogEventLevel.Error,
        _ => LogEventLevel.Fatal,
    };
}
