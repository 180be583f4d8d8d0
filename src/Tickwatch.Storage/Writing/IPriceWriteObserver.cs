using Tickwatch.Storage.Prices;

namespace Tickwatch.Storage.Writing;

/// <summary>Told by the <see cref="PriceStoreWriter"/> of each write's outcome and each announcement (the market's symbol timeline keeps them).</summary>
/// <remarks>
/// Called on the writer's batch task once the store has answered: an implementation must return at once, never block
/// and never throw (the writer counts one that does as a store error and goes on), and should not allocate per call.
/// </remarks>
public interface IPriceWriteObserver
{
    /// <summary>One price's write was answered (<paramref name="result"/>: written, refused as older, or failed) at <paramref name="at"/>.</summary>
    void OnWriteAnswered(in PriceWriteResult result, DateTimeOffset at);

    /// <summary>A written price was announced to subscribers, or its announcement failed, at <paramref name="at"/>.</summary>
    void OnAnnounced(StoredPrice price, AnnouncementOutcome outcome, DateTimeOffset at);
}
