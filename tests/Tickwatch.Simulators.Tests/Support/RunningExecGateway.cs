using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging.Abstractions;
using Tickwatch.Simulators.ExecGateway;
using Tickwatch.Testing;

namespace Tickwatch.Simulators.Tests.Support;

/// <summary>A real execution gateway on 127.0.0.1, link and control on port 0, priced by the test (no quote hub feed).</summary>
internal sealed class RunningExecGateway : IAsyncDisposable
{
    private readonly List<LinkClient> _clients = [];

    private RunningExecGateway(WebApplication app)
    {
        App = app;
        Engine = ExecGatewayHost.GetEngine(app);
        Prices = ExecGatewayHost.GetPriceBook(app);
        Link = ExecGatewayHost.GetLinkEndPoint(app);
        Http = new HttpClient { BaseAddress = ExecGatewayHost.GetControlAddress(app), Timeout = Eventually.DefaultTimeout };
    }

    public WebApplication App { get; }

    public ExecGatewayEngine Engine { get; }

    public ExecutionPriceBook Prices { get; }

    public IPEndPoint Link { get; }

    public HttpClient Http { get; }

    public static async Task<RunningExecGateway> StartAsync(Action<ExecGatewayOptions>? configure = null, TimeProvider? timeProvider = null)
    {
        var options = new ExecGatewayOptions { Port = 0, ControlPort = 0, Seed = 7 };
        options.PriceFeed.Url = null;
        configure?.Invoke(options);
        var app = ExecGatewayHost.Build(options, timeProvider, NullLoggerFactory.Instance);
        await app.StartAsync();
        return new RunningExecGateway(app);
    }

    public async Task<LinkClient> ConnectAsync()
    {
        // By id, not by count: a dropped connection may still be listed when the next one is accepted.
        var newest = Engine.GetStatus().Connections.Select(c => c.Id).DefaultIfEmpty(0).Max();
        var client = await LinkClient.ConnectAsync(Link);
        _clients.Add(client);
        await Eventually.UntilAsync(() => Engine.GetStatus().Connections.Any(c => c.Id > newest), "the gateway has accepted the link connection");
        return client;
    }

    public async Task PostAsync(string path, object? body = null)
    {
        using var response = body is null ? await Http.PostAsync(path, null) : await Http.PostAsJsonAsync(path, body, RunningHub.Json);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path} refused: {(int)response.StatusCode} {text}");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
