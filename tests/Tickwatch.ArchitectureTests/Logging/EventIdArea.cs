namespace Tickwatch.ArchitectureTests.Logging;

/// <summary>One row of docs/EVENT-IDS.md: an area of the code, the namespaces it covers and the event ids it may use.</summary>
internal sealed record EventIdArea(string Name, IReadOnlyList<string> NamespacePrefixes, int Low, int High)
{
    public bool Contains(int eventId) => eventId >= Low && eventId <= High;

    public override string ToString() => $"{Name} ({Low}–{High})";
}
