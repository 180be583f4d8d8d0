using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging.Abstractions;
using Tickwatch.Simulators.ExecGateway;

namespace Tickwatch.IntegrationTests.Trading;

/// <summary>The provider link's other end for the tests on the Redis Cluster: a real execution gateway on loopback.</summary>
internal static class LoopbackExecGateway
{
    /// <summary>An execution gateway on loopback port 0 with no price feed, EURUSD priced at 1.08400/1.08412.</summary>
    public static async Task<WebApplication> StartAsync()
    {
        var options = new ExecGatewayOptions { Port = 0, ControlPort = 0, Seed = 7 };
        options.PriceFeed.Url = null;
        var gateway = ExecGatewayHost.Build(options, null, NullLoggerFactory.Instance);
        await gateway.StartAsync();
        ExecGatewayHost.GetPriceBook(gateway).Set("EURUSD", 1.08400m, 1.08412m);
        return gateway;
    }
}
