using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serilog;
using Serilog.Core;
using Serilog.Extensions.Logging;

namespace Tickwatch.Cli.Logging;

/// <summary>
/// The process's one Serilog logger: the console for people, and under <see cref="LogOptions.Directory"/> a detailed
/// daily file (kept 7 days), a summary daily file of the operators' lines and every warning (kept 30 days), and
/// optionally the detailed log as JSON lines. Every role of the process (under <c>up</c>, all of them) writes to it.
/// A line written while handling a request carries its correlation id: <c>[id]</c> in the files, <c>CorrelationId</c> in the JSON.
/// </summary>
public static class TickwatchLogging
{
    private const string ConsoleTemplate = "{Timestamp:HH:mm:ss} {Level:u3} {Message:lj}{NewLine}{Exception}";

    /// <summary>Creates the logger of a process running <paramref name="role"/> from the <c>Logs</c> section of <paramref name="configuration"/>.</summary>
    /// <exception cref="OptionsValidationException">The section has invalid values (every one is listed).</exception>
    public static Logger Create(IConfiguration configuration, string role)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(LogOptions.SectionName).Get<LogOptions>() ?? new LogOptions();
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        var errors = results.Select(r => $"{LogOptions.SectionName}: {r.ErrorMessage}").ToList();
        var levels = LogLevels.From(configuration, errors);
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(LogOptions.SectionName, typeof(LogOptions), errors);
        }

        return Create(options, role, levels);
    }

    /// <summary>Creates the logger of a process running <paramref name="role"/> (<c>market</c>, <c>gateway</c>, <c>up</c>, ...); the files are named after it.</summary>
    public static Logger Create(LogOptions options, string role, LogLevels? levels = null, bool console = true)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(role);
        levels ??= LogLevels.Standard;
        var configuration = new LoggerConfiguration()
            .MinimumLevel.Is(levels.Default)
            .Enrich.FromLogContext();
        foreach (var (category, level) in levels.Overrides)
        {
            configuration.MinimumLevel.Override(category, level);
        }

        if (console)
        {
            configuration.WriteTo.Console(outputTemplate: ConsoleTemplate, formatProvider: System.Globalization.CultureInfo.InvariantCulture);
        }

        if (options.Files)
        {
            var directory = Path.GetFullPath(options.Directory);
            var sizeLimit = options.MaxFileSizeMegabytes * 1024L * 1024L;
            configuration.WriteTo.File(
                new LogFileLineFormatter(),
                Path.Combine(directory, $"tickwatch-{role}-.log"),
                rollingInterval: RollingInterval.Day,
                retainedFileCountLimit: null,
                retainedFileTimeLimit: TimeSpan.FromDays(options.DetailedRetainedDays),
                fileSizeLimitBytes: sizeLimit,
                rollOnFileSizeLimit: true);
            configuration.WriteTo.Logger(summary => summary
                .Filter.ByIncludingOnly(OperatorLines.BelongInSummary)
                .WriteTo.File(
                    new LogFileLineFormatter(),
                    Path.Combine(directory, "summary", $"tickwatch-{role}-summary-.log"),
                    rollingInterval: RollingInterval.Day,
                    retainedFileCountLimit: null,
                    retainedFileTimeLimit: TimeSpan.FromDays(options.SummaryRetainedDays),
                    fileSizeLimitBytes: sizeLimit,
                    rollOnFileSizeLimit: true));
            if (options.Json)
            {
                // Rendered, so that a grep for the guide's text finds it in the JSON too.
                configuration.WriteTo.File(
                    new RenderedJsonFormatter(),
                    Path.Combine(directory, "json", $"tickwatch-{role}-.json"),
                    rollingInterval: RollingInterval.Day,
                    retainedFileCountLimit: null,
                    retainedFileTimeLimit: TimeSpan.FromDays(options.DetailedRetainedDays),
                    fileSizeLimitBytes: sizeLimit,
                    rollOnFileSizeLimit: true);
            }
        }

        return configuration.CreateLogger();
    }

    /// <summary>Makes <paramref name="logger"/> the only log provider of a host; the caller keeps ownership (one logger may serve several hosts).</summary>
    public static WebApplicationBuilder UseTickwatchLogging(this WebApplicationBuilder builder, Logger logger)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(logger);
        builder.Logging.ClearProviders().AddSerilog(logger, dispose: false);
        return builder;
    }

    /// <summary>A logger factory over <paramref name="logger"/> for hosts that take one (the quote hub); disposing it leaves the logger open.</summary>
    public static ILoggerFactory CreateFactory(Logger logger) => new SerilogLoggerFactory(logger, dispose: false);
}
