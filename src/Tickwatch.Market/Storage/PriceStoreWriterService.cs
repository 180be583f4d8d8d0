using Tickwatch.Hosting.Supervision;
using Tickwatch.Storage.Writing;

namespace Tickwatch.Market.Storage;

/// <summary>The price store writer as a supervised background service: every accepted quote reaches the store through it.</summary>
public sealed class PriceStoreWriterService(PriceStoreWriter writer) : ISupervisedService
{
    public string Name => "store_writer";

    public string DisplayName => "Price store writer";

    public Task RunAsync(CancellationToken stoppingToken) => writer.RunAsync(stoppingToken);
}
