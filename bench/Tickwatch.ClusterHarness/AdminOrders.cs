using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Tickwatch.Core.Trading;

namespace Tickwatch.ClusterHarness;

/// <summary>Orders placed through a market service's trading admin (<c>POST /api/trading/accounts/{id}/orders</c>), each with its own idempotency key.</summary>
internal static class AdminOrders
{
    /// <summary>Places one order; the request as sent and answered, or an exception naming <paramref name="what"/> when it was not created.</summary>
    public static async Task<PlacedOrder> PlaceAsync(HttpClient http, Uri market, AccountId account, object body, string what)
    {
        var key = Guid.NewGuid().ToString("N");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(market, $"api/trading/accounts/{account}/orders")) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Created || JsonNode.Parse(text)?["order_id"]?.GetValue<string>() is not { } orderId)
        {
            throw new InvalidOperationException($"{what} on {account} answered {(int)response.StatusCode}: {text}");
        }

        return new PlacedOrder(account, key, orderId);
    }
}
