using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tickwatch.Simulators.QuoteHub;

using Tickwatch.Testing;

namespace Tickwatch.Simulators.Tests.Support;

/// <summary>A real quote hub on 127.0.0.1, port 0, with an HTTP client for its control API.</summary>
internal sealed class RunningHub : IAsyncDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    // TICKWATCH_TEST_LOG=1 shows the hub's log on the console when a test needs looking into; quiet otherwise.
    private static readonly ILoggerFactory Logging = Environment.GetEnvironmentVariable("TICKWATCH_TEST_LOG") == "1"
        ? LoggerFactory.Create(b => b.AddSimpleConsole(o => o.TimestampFormat = "HH:mm:ss.fff ").SetMinimumLevel(LogLevel.Debug))
        : NullLoggerFactory.Instance;

    private readonly List<FeedClient> _clients = [];

    private RunningHub(WebApplication app)
    {
        App = app;
        Engine = QuoteHubHost.GetEngine(app);
        BaseAddress = QuoteHubHost.GetBaseAddress(app);
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = Eventually.DefaultTimeout };
    }

    public WebApplication App { get; }

    public QuoteHubEngine Engine { get; }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    /// <summary>Starts a hub with a fixed seed and, unless <paramref name="configure"/> says otherwise, no background generator: tests drive it.</summary>
    public static async Task<RunningHub> StartAsync(Action<QuoteHubOptions>? configure = null, TimeProvider? timeProvider = null)
    {
        var options = new QuoteHubOptions { Port = 0, Seed = 20240601, GenerateTicks = false };
        configure?.Invoke(options);
        var app = QuoteHubHost.Build(options, timeProvider, Logging);
        await app.StartAsync();
        return new RunningHub(app);
    }

    public Uri FeedAddress(string feed, string? token = null) => QuoteHubHost.GetFeedAddress(App, feed, token);

    /// <summary>Connects to a feed and waits until the hub has registered the connection, so the next frame reaches it.</summary>
    public async Task<FeedClient> ConnectAsync(string feed, string? token = null, bool read = true)
    {
        var before = Connections(feed);
        var client = await FeedClient.ConnectAsync(FeedAddress(feed, token), read);
        _clients.Add(client);
        await Eventually.UntilAsync(() => Connections(feed) > before, $"the hub has registered the connection to {feed}");
        return client;
    }

    public int Connections(string feed) => Engine.GetStatus().Feeds.Single(f => f.Name == feed).Connections;

    public FeedStatus Feed(string feed) => Engine.GetStatus().Feeds.Single(f => f.Name == feed);

    public Task<HttpResponseMessage> PostAsync(string path, object body) => Http.PostAsJsonAsync(path, body, Json);

    /// <summary>Posts raw text as JSON, for malformed bodies.</summary>
    public Task<HttpResponseMessage> PostRawAsync(string path, string body) =>
        Http.PostAsync(path, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

    /// <summary>Injects a fault through the control API and returns it.</summary>
    public async Task<FaultView> InjectAsync(object fault)
    {
        using var response = await PostAsync("/control/faults", fault);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"fault refused: {(int)response.StatusCode} {body}");
        return JsonSerializer.Deserialize<FaultView>(body, Json)!;
    }

    /// <summary>Sets a price through the control API (which sends it at once on every feed).</summary>
    public async Task SetPriceAsync(string symbol, decimal? bid, decimal? ask)
    {
        using var response = await PostAsync("/control/prices", new { symbol, bid, ask });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"price refused: {(int)response.StatusCode} {body}");
    }

    public async Task<T> GetAsync<T>(string path) => (await Http.GetFromJsonAsync<T>(path, Json))!;

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
