namespace Tickwatch.Gateway.Tests.Support;

/// <summary>Tests whose verdict rests on a client keeping up within a second or two: they run alone, not beside the others.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingSensitiveCollection
{
    public const string Name = "Timing-sensitive";
}
