using Tickwatch.Storage.Prices;
using Tickwatch.Storage.Publishing;

namespace Tickwatch.StoreHarness;

/// <summary>For <c>--no-publish</c>: announces nothing, to measure the store's writes alone.</summary>
internal sealed class UncountedPublisher : IPriceUpdatePublisher
{
    public Task<PublishSummary> PublishAsync(IReadOnlyList<PriceWriteResult> results, CancellationToken cancellationToken) =>
        Task.FromResult(PublishSummary.None);
}
