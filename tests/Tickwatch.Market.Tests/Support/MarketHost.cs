using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tickwatch.Market.Hosting;
using Tickwatch.Testing;

namespace Tickwatch.Market.Tests.Support;

/// <summary>
/// The market service built for real on 127.0.0.1 port 0, every log line captured, services replaceable;
/// its feeds point at a closed port unless the settings say otherwise.
/// </summary>
internal sealed class MarketHost : IAsyncDisposable
{
    private bool _started;

    private MarketHost(WebApplication app, CapturingLoggerProvider logs)
    {
        App = app;
        Logs = logs;
    }

    public WebApplication App { get; }

    public CapturingLoggerProvider Logs { get; }

    public HttpClient Http { get; private set; } = null!;

    /// <param name="settings">Settings over the defaults, in memory (as code sets them).</param>
    /// <param name="services">Replaces services.</param>
    /// <param name="sources">Adds configuration sources after the settings, such as a settings file.</param>
    public static MarketHost Build(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null, Action<IConfigurationBuilder>? sources = null)
    {
        var config = new Dictionary<string, string?>
        {
            ["Market:Port"] = "0",
            ["Ledger:Enabled"] = "false", // the ledger is not what these hosts test; its own tests turn it on
            ["Feeds:0:Name"] = "json",
            ["Feeds:0:Protocol"] = "Json",
            ["Feeds:0:Url"] = "ws://127.0.0.1:1/ws/json",
            ["Feeds:1:Name"] = "binary",
            ["Feeds:1:Protocol"] = "Protobuf",
            ["Feeds:1:Url"] = "ws://127.0.0.1:1/ws/binary",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }

        var logs = new CapturingLoggerProvider();
        var app = MarketServiceHost.Build([], b =>
        {
            b.Configuration.AddInMemoryCollection(config);
            sources?.Invoke(b.Configuration);
            b.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Debug);
            if (Environment.GetEnvironmentVariable("TICKWATCH_TEST_LOGS") == "1")
            {
                b.Logging.AddSimpleConsole();
            }

            services?.Invoke(b.Services);
        });
        return new MarketHost(app, logs);
    }

    public static async Task<MarketHost> StartAsync(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var host = Build(settings, services);
        await host.StartAsync();
        return host;
    }

    public async Task StartAsync()
    {
        _started = true;
        await App.StartAsync();
        Http = new HttpClient { BaseAddress = new Uri(App.Urls.First()), Timeout = Eventually.DefaultTimeout };
    }

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        if (_started)
        {
            await App.StopAsync();
        }

        await App.DisposeAsync();
    }
}
