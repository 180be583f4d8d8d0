using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Tickwatch.Simulators.QuoteHub;

namespace Tickwatch.LoadHarness;

/// <summary>The quote hub's control API over HTTP, the same for a hub in this process and one in another.</summary>
internal sealed class HubControlClient : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    private readonly HttpClient _http;

    public HubControlClient(Uri baseAddress)
    {
        _http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseAddress => _http.BaseAddress!;

    public async Task<HubStatusReply> GetStatusAsync(CancellationToken cancellationToken) =>
        await _http.GetFromJsonAsync<HubStatusReply>("control/status", Json, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The hub answered its status with null.");

    /// <summary>Sets the total rate of all symbols together; 0 pauses the generator.</summary>
    public async Task SetRateAsync(double updatesPerSecond, CancellationToken cancellationToken)
    {
        object body = updatesPerSecond > 0 ? new { updates_per_second = updatesPerSecond } : new { multiplier = 0.0 };
        using var response = await _http.PostAsJsonAsync("control/rate", body, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var problem = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new InvalidOperationException($"The hub refused the rate {updatesPerSecond}: {(int)response.StatusCode} {problem}");
        }
    }

    public async Task<PriceView> GetPriceAsync(string symbol, CancellationToken cancellationToken) =>
        await _http.GetFromJsonAsync<PriceView>("control/prices/" + Uri.EscapeDataString(symbol), Json, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The hub answered the price of {symbol} with null.");

    public void Dispose() => _http.Dispose();
}
