using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Tickwatch.Gateway.Streaming;

namespace Tickwatch.Gateway.Tests.Support;

/// <summary>A client of an account's portfolio channel that keeps what it is offered, in order.</summary>
internal sealed class RecordingAccountClient : IAccountStreamClient
{
    private static long _nextId;
    private readonly ConcurrentQueue<JsonObject> _messages = new();

    public long Id { get; } = Interlocked.Increment(ref _nextId);

    public IReadOnlyList<JsonObject> Messages => [.. _messages];

    public IReadOnlyList<JsonObject> Portfolios => [.. _messages.Where(m => m["type"]!.GetValue<string>() == "portfolio").Select(m => m["portfolio"]!.AsObject())];

    public IReadOnlyList<JsonObject> Orders => [.. _messages.Where(m => m["type"]!.GetValue<string>() == "order").Select(m => m["order"]!.AsObject())];

    public void OfferPortfolio(PortfolioMessage portfolio) => _messages.Enqueue(Parse(portfolio.Json));

    public void OfferOrder(byte[] message) => _messages.Enqueue(Parse(message));

    private static JsonObject Parse(byte[] json) => JsonNode.Parse(Encoding.UTF8.GetString(json))!.AsObject();
}
