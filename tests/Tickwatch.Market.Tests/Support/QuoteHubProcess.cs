using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tickwatch.Simulators.QuoteHub;

namespace Tickwatch.Market.Tests.Support;

/// <summary>The real quote hub on 127.0.0.1 port 0, for tests that build the market service themselves.</summary>
internal sealed class QuoteHubProcess : IAsyncDisposable
{
    private readonly WebApplication _hub;
    private readonly ILoggerFactory _logs;

    private QuoteHubProcess(WebApplication hub, ILoggerFactory logs)
    {
        _hub = hub;
        _logs = logs;
        WebSocketAddress = $"ws://{QuoteHubHost.GetBaseAddress(hub).Authority}";
    }

    /// <summary><c>ws://host:port</c> of the hub; the feeds are <c>/ws/json</c> and <c>/ws/binary</c>.</summary>
    public string WebSocketAddress { get; }

    public static async Task<QuoteHubProcess> StartAsync()
    {
        var logs = LoggerFactory.Create(b => b.AddProvider(NullLoggerProvider.Instance));
        var hub = QuoteHubHost.Build(new QuoteHubOptions { Port = 0, Seed = 7 }, loggerFactory: logs);
        await hub.StartAsync();
        return new QuoteHubProcess(hub, logs);
    }

    public async ValueTask DisposeAsync()
    {
        await _hub.StopAsync();
        await _hub.DisposeAsync();
        _logs.Dispose();
    }
}
