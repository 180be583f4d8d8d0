using Tickwatch.Testing;
using Tickwatch.Testing.Hosts;

namespace Tickwatch.EndToEndTests.Verdicts;

/// <summary>A client of the gateway's price stream that keeps every price it read, in order: what the test itself saw.</summary>
public sealed class PriceReader : IAsyncDisposable
{
    private readonly StreamClient _client;
    private readonly List<SeenPrice> _seen = [];

    private PriceReader(StreamClient client) => _client = client;

    /// <summary>Every price read so far, oldest first.</summary>
    public IReadOnlyList<SeenPrice> Seen => _seen;

    /// <summary>Connects with <paramref name="token"/>, subscribes to <paramref name="symbols"/> and waits for the gateway's answer.</summary>
    public static async Task<PriceReader> ConnectAsync(RunningGateway gateway, string token, string[] symbols, int? receiveBufferBytes = null)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        var client = await gateway.ConnectStreamAsync(token, receiveBufferBytes);
        try
        {
            await client.SubscribeAsync(symbols);
            await client.ReceiveUntilAsync(m => m["type"]!.GetValue<string>() == "subscribed", "the subscription");
            return new PriceReader(client);
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    /// <summary>The last price of <paramref name="symbol"/> read so far, if any.</summary>
    public SeenPrice? LastOf(string symbol) => _seen.LastOrDefault(p => p.Symbol == symbol);

    /// <summary>Reads until a price satisfies <paramref name="condition"/> (each price read is kept) and returns it.</summary>
    public async Task<SeenPrice> ReadUntilAsync(Func<SeenPrice, bool> condition, string what, TimeSpan? timeout = null)
    {
        SeenPrice? found = null;
        await _client.ReceiveUntilAsync(
            _ => found is not null,
            what,
            m =>
            {
                if (m["type"]!.GetValue<string>() == "price")
                {
                    var price = SeenPrice.Of(m);
                    _seen.Add(price);
                    if (found is null && condition(price))
                    {
                        found = price;
                    }
                }
            },
            timeout);
        return found!;
    }

    public ValueTask DisposeAsync() => _client.DisposeAsync();
}
