using Tickwatch.Core.Prices;
using Tickwatch.Storage.Writing;
using Tickwatch.Testing;

namespace Tickwatch.Storage.Tests.Writing;

/// <summary>What the store writer's tests share: one run of a writer until it is idle.</summary>
internal static class WriterRuns
{
    /// <summary>Runs <paramref name="writer"/>, offers <paramref name="quotes"/>, waits until it is idle and stops it.</summary>
    public static async Task<PriceStoreWriterStatistics> UntilIdleAsync(PriceStoreWriter writer, params Quote[] quotes)
    {
        using var stop = new CancellationTokenSource();
        var run = writer.RunAsync(stop.Token);
        foreach (var quote in quotes)
        {
            writer.OnQuote(quote);
        }

        await Eventually.UntilAsync(() => writer.IsIdle, "the writer is idle");
        await stop.CancelAsync();
        await run;
        return writer.GetStatistics();
    }
}
