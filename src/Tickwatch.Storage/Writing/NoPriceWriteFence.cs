namespace Tickwatch.Storage.Writing;

/// <summary>Single mode's fence: every feed may be written, with token 0, which the store does not check.</summary>
public sealed class NoPriceWriteFence : IPriceWriteFence
{
    public static NoPriceWriteFence Instance { get; } = new();

    public bool TryGetToken(string feed, out long token)
    {
        token = 0;
        return true;
    }

    // With token 0 the store checks no fence, so nothing is ever refused for one.
    public void Refused(string feed, long fence)
    {
    }
}
