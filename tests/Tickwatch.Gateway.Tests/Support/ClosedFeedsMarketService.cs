using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Tickwatch.Market.Hosting;

namespace Tickwatch.Gateway.Tests.Support;

/// <summary>A real market service on 127.0.0.1 port 0 behind the gateway, its feed at a closed port: its health and debug routes answer all the same.</summary>
internal static class ClosedFeedsMarketService
{
    /// <summary>Builds and starts it with <paramref name="settings"/> over the defaults, logging to <paramref name="logs"/> at Debug (or nowhere).</summary>
    public static async Task<WebApplication> StartAsync(IDictionary<string, string?>? settings = null, ILoggerProvider? logs = null)
    {
        var config = new Dictionary<string, string?>
        {
            ["Market:Port"] = "0",
            ["Ledger:Enabled"] = "false", // the ledger is not what these hosts test; its own tests turn it on
            ["Feeds:0:Name"] = "json",
            ["Feeds:0:Protocol"] = "Json",
            ["Feeds:0:Url"] = "ws://127.0.0.1:1/ws/json",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }

        var market = MarketServiceHost.Build([], b =>
        {
            b.Configuration.AddInMemoryCollection(config);
            b.Logging.ClearProviders();
            if (logs is not null)
            {
                b.Logging.AddProvider(logs).SetMinimumLevel(LogLevel.Debug);
            }
        });
        await market.StartAsync();
        return market;
    }
}
