using Tickwatch.Market.Diagnostics.WebSocket;
using Tickwatch.Storage.Writing;

namespace Tickwatch.Market.Diagnostics.Comprehensive;

/// <summary><c>performance_metrics</c>: how fast prices come in and go to the store, and how the runtime copes.</summary>
/// <param name="Feeds">Message flow over all feeds: messages and updates per second, <c>parse_error_rate</c>, <c>last_message_age</c>.</param>
/// <param name="StoreWriter">The store writer: write rate, failures, queue and tick-to-store latency.</param>
/// <param name="Runtime">Garbage collection and the thread pool.</param>
public sealed record PerformanceSection(
    FeedPerformanceSection Feeds,
    PriceStoreWriterStatistics StoreWriter,
    RuntimeFigures Runtime);
