namespace Tickwatch.Testing.HostileFeeds;

/// <summary>Draws every reconnect delay as zero, so a listener under frozen fake time reconnects at once after a dropped connection.</summary>
internal sealed class ZeroRandom : Random
{
    public override double NextDouble() => 0;
}
