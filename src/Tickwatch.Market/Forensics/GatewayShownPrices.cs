using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Tickwatch.Core.Trading;
using Tickwatch.Hosting;
using Tickwatch.Hosting.Access;
using Tickwatch.Trading.Forensics;

namespace Tickwatch.Market.Forensics;

/// <summary>
/// Asks every configured gateway what it showed a user of a symbol over a window
/// (<c>GET /api/debug/forensics/shown/{account}?symbol=&amp;from=&amp;to=</c>, as an operator). A gateway that does not
/// answer in time is named with the reason; the others' answers still count.
/// </summary>
public sealed class GatewayShownPrices(HttpClient http, IOptions<OrderForensicsOptions> options, IOptions<OperatorAccessOptions> operatorAccess)
{
    private static readonly JsonSerializerOptions Json = CreateJson();

    public async Task<ShownPriceEvidence> ShownAsync(AccountId account, string symbol, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var gateways = options.Value.Gateways;
        if (gateways.Count == 0)
        {
            return new ShownPriceEvidence([], ["no gateway is configured (Forensics:Gateways), so what the user was shown is unknown"]);
        }

        var answers = await Task.WhenAll(gateways.Select(g => AskAsync(g, account, symbol, from, to, cancellationToken))).ConfigureAwait(false);
        var prices = answers.SelectMany(a => a.Prices).OrderBy(p => p.SentAt).ThenBy(p => p.BookSequence).ToList();
        return new ShownPriceEvidence(prices, [.. answers.Select(a => a.Source)]);
    }

    private async Task<(IReadOnlyList<ShownPrice> Prices, string Source)> AskAsync(
        Uri gateway, AccountId account, string symbol, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var path = string.Create(
            CultureInfo.InvariantCulture,
            $"api/debug/forensics/shown/{Uri.EscapeDataString(account.ToString())}?symbol={Uri.EscapeDataString(symbol)}&from={from.ToUnixTimeMilliseconds()}&to={to.ToUnixTimeMilliseconds()}");
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri(gateway.AbsoluteUri.TrimEnd('/') + "/"), path));
        if (operatorAccess.Value.Token is { Length: > 0 } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.GatewayTimeout);
        try
        {
            using var response = await http.SendAsync(request, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return ([], $"{gateway}: answered {(int)response.StatusCode}");
            }

            var answer = await response.Content.ReadFromJsonAsync<ShownAnswer>(Json, timeout.Token).ConfigureAwait(false);
            var entries = answer?.Entries ?? [];
            var since = answer?.HistoryStartsAt is { } start && start > from ? $", its memory starts at {start:O}" : string.Empty;
            return (entries, $"{gateway}: {entries.Count} prices shown{since}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ([], $"{gateway}: no answer within {options.Value.GatewayTimeout.TotalSeconds:0.#} s");
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or NotSupportedException)
        {
            return ([], $"{gateway}: {e.Message}");
        }
    }

    private static JsonSerializerOptions CreateJson()
    {
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        JsonDefaults.Apply(json);
        return json;
    }

    /// <summary>The gateway's answer, as far as the forensics read it.</summary>
    private sealed record ShownAnswer(IReadOnlyList<ShownPrice>? Entries, DateTimeOffset? HistoryStartsAt);
}
