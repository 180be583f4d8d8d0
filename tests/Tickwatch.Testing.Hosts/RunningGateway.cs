using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tickwatch.Gateway.Auth;
using Tickwatch.Gateway.Hosting;
using Tickwatch.Gateway.Streaming;

namespace Tickwatch.Testing.Hosts;

/// <summary>The gateway, a real Kestrel server on 127.0.0.1 port 0, with a signing key for tests, an HTTP client and token minting.</summary>
public sealed class RunningGateway : IAsyncDisposable
{
    /// <summary>The tests' signing key: only ever used on loopback.</summary>
    public const string TestSigningKey = "tickwatch-tests-only-signing-key-0123456789";

    private RunningGateway(WebApplication app, ErrorLogCollector errors)
    {
        App = app;
        Errors = errors;
        BaseAddress = new Uri(app.Urls.First());
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = Eventually.DefaultTimeout };
        Jwt = app.Services.GetRequiredService<IConfiguration>().GetSection(JwtOptions.SectionName).Get<JwtOptions>()!;
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    /// <summary>The client token settings the gateway checks against.</summary>
    public JwtOptions Jwt { get; }

    /// <summary>Warnings and errors the gateway logged.</summary>
    public ErrorLogCollector Errors { get; }

    /// <summary>
    /// Builds and starts a gateway. <paramref name="settings"/> are configuration keys (the market service defaults to a
    /// closed port); <paramref name="shared"/> hands it a store and symbols as <c>tickwatch up</c> does; <paramref name="configure"/>
    /// may change the builder; <paramref name="map"/> may add routes before it starts.
    /// </summary>
    public static async Task<RunningGateway> StartAsync(
        IDictionary<string, string?>? settings = null,
        GatewaySharedServices? shared = null,
        Action<WebApplicationBuilder>? configure = null,
        Action<WebApplication>? map = null)
    {
        var config = new Dictionary<string, string?>
        {
            ["Gateway:Port"] = "0",
            ["Gateway:MarketServiceUrl"] = "http://127.0.0.1:1",
            ["Jwt:SigningKey"] = TestSigningKey,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }

        var errors = new ErrorLogCollector();
        var app = GatewayHost.Build(
            [],
            b =>
            {
                b.Configuration.AddInMemoryCollection(config);
                b.Logging.ClearProviders().AddProvider(errors);
                if (Environment.GetEnvironmentVariable("TICKWATCH_TEST_LOGS") == "1")
                {
                    b.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Debug);
                }

                configure?.Invoke(b);
            },
            shared);
        map?.Invoke(app);
        await app.StartAsync().ConfigureAwait(false);
        return new RunningGateway(app, errors);
    }

    /// <summary>A token the gateway accepts (unless <paramref name="options"/> says otherwise), issued at <paramref name="issuedAt"/>.</summary>
    public string Token(string user = "42", string userType = "live", DateTimeOffset? issuedAt = null, TimeSpan? lifetime = null, JwtOptions? options = null) =>
        AccessTokens.Mint(options ?? Jwt, user, userType, issuedAt ?? TimeProvider.System.GetUtcNow(), lifetime);

    public async Task<HttpResponseMessage> GetAsync(string path, string? token = null, IDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await Http.SendAsync(request).ConfigureAwait(false);
    }

    /// <summary>GETs <paramref name="path"/> with a valid token and parses the JSON answer, whatever the status.</summary>
    public async Task<JsonNode> GetJsonAsync(string path, string? token = null)
    {
        using var response = await GetAsync(path, token ?? Token()).ConfigureAwait(false);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync().ConfigureAwait(false))!;
    }

    public async Task<JsonNode> PostJsonAsync(string path, object body, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? Token());
        using var response = await Http.SendAsync(request).ConfigureAwait(false);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync().ConfigureAwait(false))!;
    }

    /// <summary>Sends a client's JSON request with <paramref name="token"/> and, when given, an <c>Idempotency-Key</c> (the order routes want one).</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string token, object body, string? idempotencyKey)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await Http.SendAsync(request).ConfigureAwait(false);
    }

    /// <summary>The JSON body of an answer, whatever its status.</summary>
    public static async Task<JsonNode> JsonAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync().ConfigureAwait(false)) ?? throw new InvalidOperationException("An empty answer.");
    }

    /// <summary>Opens the live price stream; the token goes as <c>?access_token=</c>, as a browser sends it.</summary>
    public Task<StreamClient> ConnectStreamAsync(string? token = null, int? receiveBufferBytes = null) =>
        StreamClient.ConnectAsync(new Uri($"ws://{BaseAddress.Authority}/api/stream?access_token={token ?? Token()}"), receiveBufferBytes);

    /// <summary>
    /// Waits until each of <paramref name="symbols"/> has a stream subscriber: the gateway answers <c>subscribed</c>
    /// before it puts the subscriptions in place, so a test that counts every price must wait for them.
    /// </summary>
    public Task WaitForSubscribersAsync(params string[] symbols)
    {
        var hub = App.Services.GetRequiredService<LivePriceStream>();
        return Eventually.UntilAsync(
            () => StreamDiagnosticsEndpoints.Report(hub, TimeProvider.System).Symbols is var streamed
                && symbols.All(s => streamed.TryGetValue(s, out var view) && view.Subscribers > 0),
            "every symbol has its subscriber");
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync().ConfigureAwait(false);
        await App.DisposeAsync().ConfigureAwait(false);
    }
}
