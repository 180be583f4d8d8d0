using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Tickwatch.Core.Trading;
using static System.FormattableString;

namespace Tickwatch.ClusterHarness;

/// <summary>
/// Places and closes market orders through a gateway's <c>/api/orders</c>, counting outcomes by kind and keeping each
/// order request's idempotency key with the order it was answered (or none), so the run can read back what the engine
/// committed under each key.
/// </summary>
internal sealed class ClusterTrader(HttpClient http, Func<AccountId, string> tokenOf)
{
    // Forex of the seeded demo accounts' groups, open on weekdays.
    public static readonly string[] Symbols = ["EURUSD", "GBPUSD", "USDJPY"];

    private readonly ConcurrentDictionary<string, long> _outcomes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<AccountId, string> _tokens = new();
    private readonly ConcurrentQueue<PlacedOrder> _placed = new();

    /// <summary>Outcomes by kind: <c>opened</c>, <c>closed</c>, <c>refused:REASON</c>, <c>http:STATUS</c>, <c>error</c>.</summary>
    public IReadOnlyDictionary<string, long> Outcomes => _outcomes;

    /// <summary>Every order request sent (opens, answered or not; not closes), in the order sent.</summary>
    public IReadOnlyCollection<PlacedOrder> Placed => _placed;

    public long Count(string outcome) => _outcomes.GetValueOrDefault(outcome);

    /// <summary>Opens a 0.01 lot position for <paramref name="account"/>; its order id, or null when refused or failed.</summary>
    public async Task<string?> OpenAsync(Uri gateway, AccountId account, string symbol, string side, CancellationToken ct = default)
    {
        var key = Guid.NewGuid().ToString("N");
        var (status, body) = await SendAsync(gateway, "api/orders", Token(account), key, new { symbol, type = side, volume = "0.01" }, ct);
        var id = status == HttpStatusCode.Created ? body?["order_id"]?.GetValue<string>() : null;
        _placed.Enqueue(new PlacedOrder(account, key, id));
        if (id is not null)
        {
            Add("opened");
            return id;
        }

        Refused(status, body);
        return null;
    }

    /// <summary>Closes a position; whether the gateway said it is closed.</summary>
    public async Task<bool> CloseAsync(Uri gateway, AccountId account, string orderId, CancellationToken ct = default)
    {
        var (status, body) = await SendAsync(gateway, "api/orders/" + Uri.EscapeDataString(orderId) + "/close", Token(account), Guid.NewGuid().ToString("N"), new { }, ct);
        if (status == HttpStatusCode.OK)
        {
            Add("closed");
            return true;
        }

        Refused(status, body);
        return false;
    }

    private void Refused(HttpStatusCode status, JsonNode? body)
    {
        var reason = body?["reason"]?.GetValue<string>();
        Add(status == 0 ? "error" : reason is null ? Invariant($"http:{(int)status}") : "refused:" + reason);
    }

    private string Token(AccountId account) => _tokens.GetOrAdd(account, tokenOf);

    private async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(Uri gateway, string path, string token, string idempotencyKey, object body, CancellationToken ct)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(gateway, path)) { Content = JsonContent.Create(body) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            request.Headers.Add("Idempotency-Key", idempotencyKey);
            using var response = await http.SendAsync(request, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            return (response.StatusCode, text.Length > 0 && text[0] == '{' ? JsonNode.Parse(text) : null);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return (0, null);
        }
    }

    private void Add(string outcome) => _outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);
}
