namespace Tickwatch.Storage.Publishing;

/// <summary>What one publish call did: prices announced, prices whose announcement failed, and the first error.</summary>
public readonly record struct PublishSummary(int Published, int Failed, Exception? FirstError)
{
    public static readonly PublishSummary None;
}
