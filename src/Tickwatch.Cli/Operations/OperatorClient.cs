using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tickwatch.Cli.Operations;

/// <summary>Reads the market service's operator endpoints as JSON, with the operator token when one is given; every failure becomes one clear <see cref="OperatorClientException"/>.</summary>
internal sealed class OperatorClient : IDisposable
{
    /// <summary>The environment variable the service itself reads its operator token from.</summary>
    public const string TokenVariable = "TICKWATCH_Operator__Token";

    private readonly HttpClient _http;

    public OperatorClient(Uri baseAddress, string? token, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        BaseAddress = baseAddress;
        _http = new HttpClient { BaseAddress = baseAddress, Timeout = timeout };
        if (!string.IsNullOrEmpty(token))
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    public Uri BaseAddress { get; }

    /// <summary>Parses <paramref name="url"/> as the service's base address; null with a reason when it is not an http(s) URL.</summary>
    public static Uri? ParseBaseAddress(string? url, out string? error)
    {
        error = null;
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            return uri;
        }

        error = $"'{url}' is not an http:// or https:// URL of the market service (e.g. http://localhost:8000).";
        return null;
    }

    /// <summary>The token: the one given, else <see cref="TokenVariable"/> from the environment.</summary>
    public static string? ResolveToken(string? given) =>
        string.IsNullOrEmpty(given) ? Environment.GetEnvironmentVariable(TokenVariable) : given;

    public Task<JsonNode> GetJsonAsync(string path, CancellationToken cancellationToken) => SendAsync(HttpMethod.Get, path, cancellationToken);

    /// <summary>Asks the service to act (an admin route, e.g. <c>POST /api/debug/warmup</c>) and reads its JSON answer.</summary>
    public Task<JsonNode> PostJsonAsync(string path, CancellationToken cancellationToken) => SendAsync(HttpMethod.Post, path, cancellationToken);

    private async Task<JsonNode> SendAsync(HttpMethod method, string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(BaseAddress, path));
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new OperatorClientException($"cannot reach the market service at {BaseAddress}: {Describe(ex)}", ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new OperatorClientException($"the market service at {BaseAddress} did not answer {path} within {_http.Timeout.TotalSeconds:0} s", ex);
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                throw new OperatorClientException(
                    $"the market service refused {path} ({(int)response.StatusCode} {response.ReasonPhrase}): from another host than its own, pass the operator token with --token or {TokenVariable}");
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new OperatorClientException($"the market service answered {path} with {(int)response.StatusCode} {response.ReasonPhrase}: {Shorten(body)}");
            }

            try
            {
                return JsonNode.Parse(body) ?? throw new OperatorClientException($"the market service answered {path} with null");
            }
            catch (JsonException ex)
            {
                throw new OperatorClientException($"the market service answered {path} with something that is not JSON: {Shorten(body)}", ex);
            }
        }
    }

    public void Dispose() => _http.Dispose();

    private static string Describe(HttpRequestException ex) => ex.InnerException switch
    {
        SocketException { SocketErrorCode: SocketError.ConnectionRefused } => "connection refused (is it running, on this port?)",
        SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.TryAgain } => "host not found (check the URL and DNS)",
        SocketException socket => socket.Message,
        { } inner => inner.Message,
        null => ex.Message,
    };

    private static string Shorten(string text) => text.Length <= 200 ? text : string.Concat(text.AsSpan(0, 200), "…");
}
