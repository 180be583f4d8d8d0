using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Tickwatch.Simulators.QuoteHub;

namespace Tickwatch.BenchSupport;

/// <summary>The quote hub's control API over HTTP, the same for a hub in this process and one in another.</summary>
public sealed class HubControlClient : IDisposable
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
    public Task SetRateAsync(double updatesPerSecond, CancellationToken cancellationToken) =>
        updatesPerSecond > 0
            ? PostRateAsync(new { updates_per_second = updatesPerSecond }, $"the rate {updatesPerSecond}", cancellationToken)
            : SetMultiplierAsync(0, cancellationToken);

    /// <summary>Sets every instrument's typical rate times <paramref name="multiplier"/>; 0 pauses the generator.</summary>
    public Task SetMultiplierAsync(double multiplier, CancellationToken cancellationToken) =>
        PostRateAsync(new { multiplier }, $"the multiplier {multiplier}", cancellationToken);

    public async Task<PriceView> GetPriceAsync(string symbol, CancellationToken cancellationToken) =>
        await _http.GetFromJsonAsync<PriceView>("control/prices/" + Uri.EscapeDataString(symbol), Json, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The hub answered the price of {symbol} with null.");

    public void Dispose() => _http.Dispose();

    private async Task PostRateAsync(object body, string what, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsJsonAsync("control/rate", body, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var problem = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new InvalidOperationException($"The hub refused {what}: {(int)response.StatusCode} {problem}");
        }
    }
}
