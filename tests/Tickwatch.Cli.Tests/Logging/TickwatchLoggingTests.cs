using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serilog.Events;
using Tickwatch.Cli.Logging;
using Tickwatch.Testing;

namespace Tickwatch.Cli.Tests.Logging;

/// <summary>The log files the guide's "Log Analysis" greps: detailed, summary (operator lines and warnings), and JSON.</summary>
public sealed class TickwatchLoggingTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "tickwatch-logs-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task The_guides_grep_patterns_find_their_lines_in_the_log_folder()
    {
        await WriteAsync(new LogOptions { Directory = _directory }, log =>
        {
            log.LogInformation("📈 Received {Count} messages, connection stable ({Feed})", 1200, "json");
            log.LogInformation("💊 Health Check - Redis: {StoreMark} ({StoreDetail})", "✅", "0.4 ms");
            log.LogInformation("✅ Market data warmup successful ({Trigger}): {Warmed} of {Requested}", "start", 58, 58);
            log.LogWarning("🔌 WebSocket connection closed ({Feed}): {Reason}", "json", "server closed");
            log.LogCritical("🚨 CRITICAL: Redis cluster is not responding! ({Detail})", "timeout");
            log.LogWarning("❌ Message processing error (feed {Feed})", "binary");
        });

        // The guide writes `grep PATTERN logs/`; logs/ is a folder, so grep needs -r to read it.
        foreach (var pattern in new[]
        {
            "📈 Received.*messages, connection stable", "💊 Health Check - Redis: ✅", "✅ Market data warmup successful",
            "🔌 WebSocket connection closed", "🚨 CRITICAL: Redis cluster", "❌ Message processing error",
        })
        {
            var (exit, output) = await GrepAsync(pattern);
            Assert.True(exit == 0, $"grep -r \"{pattern}\" found nothing in {_directory}");
            Assert.Contains(Path.Combine(_directory, "summary"), output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_summary_keeps_operator_lines_and_warnings_and_the_detailed_log_keeps_everything()
    {
        await WriteAsync(new LogOptions { Directory = _directory }, Everything, log =>
        {
            log.LogDebug("Publishing {Count} written prices", 12);
            log.LogInformation("Store writer started on the {Store} store", "redis");
            log.LogInformation("🎯 Startup complete! Running {Count} background services", 6);
            log.LogWarning("Redis connection to {Endpoint} failed", "127.0.0.1:7101");
        });

        var detailed = await ReadSingleAsync(_directory, "tickwatch-test-*.log");
        var summary = await ReadSingleAsync(Path.Combine(_directory, "summary"), "tickwatch-test-summary-*.log");
        Assert.Contains("Publishing 12 written prices", detailed, StringComparison.Ordinal);
        Assert.Contains("Store writer started on the redis store", detailed, StringComparison.Ordinal);
        Assert.DoesNotContain("Publishing 12 written prices", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("Store writer started", summary, StringComparison.Ordinal);
        Assert.Contains("🎯 Startup complete! Running 6 background services", summary, StringComparison.Ordinal);
        Assert.Contains("[WRN] Tickwatch.Test: Redis connection to 127.0.0.1:7101 failed", summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_json_log_carries_the_rendered_message_so_the_same_grep_finds_it()
    {
        await WriteAsync(new LogOptions { Directory = _directory, Json = true }, log =>
            log.LogInformation("💊 Health Check - Redis: {StoreMark} ({StoreDetail})", "✅", "0.4 ms"));

        var line = (await ReadSingleAsync(Path.Combine(_directory, "json"), "tickwatch-test-*.json")).Trim();
        using var json = JsonDocument.Parse(line);
        Assert.Equal("💊 Health Check - Redis: ✅ (0.4 ms)", json.RootElement.GetProperty("@m").GetString());
        Assert.Equal("Tickwatch.Test", json.RootElement.GetProperty("SourceContext").GetString());
    }

    [Fact]
    public async Task Levels_come_from_the_usual_logging_section_with_framework_chatter_left_out()
    {
        var levels = Levels(new() { ["Logging:LogLevel:Default"] = "Warning", ["Logging:LogLevel:Tickwatch.Feeds"] = "Debug" });
        var options = new LogOptions { Directory = _directory };

        await WriteAsync(options, levels, log => log.LogInformation("quiet category info"), "Tickwatch.Market.Health");
        await WriteAsync(options, levels, log => log.LogWarning("loud category warning"), "Tickwatch.Market.Health");
        await WriteAsync(options, levels, log => log.LogDebug("feeds debug"), "Tickwatch.Feeds.Listening.FeedListener");
        await WriteAsync(options, Levels([]), log => log.LogInformation("request line"), "Microsoft.AspNetCore.Hosting.Diagnostics");
        await WriteAsync(options, Levels([]), log => log.LogDebug("default debug"), "Tickwatch.Market");

        var detailed = string.Concat(await Task.WhenAll(Directory.GetFiles(_directory, "*.log").Select(f => File.ReadAllTextAsync(f))));
        Assert.DoesNotContain("quiet category info", detailed, StringComparison.Ordinal);
        Assert.Contains("loud category warning", detailed, StringComparison.Ordinal);
        Assert.Contains("feeds debug", detailed, StringComparison.Ordinal);
        Assert.DoesNotContain("request line", detailed, StringComparison.Ordinal);
        Assert.DoesNotContain("default debug", detailed, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_settings_are_reported_together()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logs:DetailedRetainedDays"] = "0",
            ["Logs:SummaryRetainedDays"] = "-3",
            ["Logs:Directory"] = "",
            ["Logging:LogLevel:Default"] = "Chatty",
        }).Build();

        var error = Assert.Throws<OptionsValidationException>(() => TickwatchLogging.Create(configuration, "market"));

        Assert.Equal(4, error.Failures.Count());
        Assert.Equal(3, error.Failures.Count(f => f.StartsWith("Logs: ", StringComparison.Ordinal)));
        Assert.Contains(error.Failures, f => f.StartsWith("Logging:LogLevel:Default must be one of Trace, Debug", StringComparison.Ordinal));
    }

    [Fact]
    public void Only_the_guides_markers_make_an_information_line_an_operator_line()
    {
        Assert.True(OperatorLines.IsOperatorLine("🚀 Starting Tickwatch Market Service..."));
        Assert.True(OperatorLines.IsOperatorLine("⚠️ Starting degraded"));
        Assert.False(OperatorLines.IsOperatorLine("Connecting to the Redis Cluster at {Configuration}"));
        Assert.False(OperatorLines.IsOperatorLine("HTTP {Method} {Path} -> {Status}"));
    }

    private static readonly LogLevels Everything = new(LogEventLevel.Verbose, new Dictionary<string, LogEventLevel>());

    private static LogLevels Levels(Dictionary<string, string?> settings)
    {
        var errors = new List<string>();
        var levels = LogLevels.From(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), errors);
        Assert.Empty(errors);
        return levels;
    }

    private static Task WriteAsync(LogOptions options, Action<ILogger> write) => WriteAsync(options, null, write);

    private static async Task WriteAsync(LogOptions options, LogLevels? levels, Action<ILogger> write, string category = "Tickwatch.Test")
    {
        await using (var logger = TickwatchLogging.Create(options, "test", levels, console: false))
        {
            using var factory = TickwatchLogging.CreateFactory(logger);
            write(factory.CreateLogger(category));
        }
    }

    private static async Task<string> ReadSingleAsync(string directory, string pattern) =>
        await File.ReadAllTextAsync(Assert.Single(Directory.GetFiles(directory, pattern)));

    private async Task<(int Exit, string Output)> GrepAsync(string pattern)
    {
        using var grep = Process.Start(new ProcessStartInfo("grep", ["-r", pattern, _directory]) { RedirectStandardOutput = true })!;
        var output = await grep.StandardOutput.ReadToEndAsync();
        await grep.WaitForExitAsync().WaitAsync(Eventually.DefaultTimeout);
        return (grep.ExitCode, output);
    }
}
