namespace Tickwatch.Gateway.Forensics;

/// <summary>The feed names of the prices recorded, each stored once: an entry keeps its feed's number (two bytes), not the name.</summary>
/// <remarks>Feeds are the few the market service listens to; a name past the 65,535th reads back as <see cref="Unknown"/>.</remarks>
internal sealed class ShownFeedNames
{
    public const string Unknown = "";

    private readonly Lock _gate = new();
    private string[] _names = [Unknown];

    /// <summary>The number of <paramref name="feed"/>, added when new.</summary>
    public ushort IndexOf(string? feed)
    {
        if (string.IsNullOrEmpty(feed))
        {
            return 0;
        }

        // A handful of names: a scan, usually ending at the first by reference.
        var names = Volatile.Read(ref _names);
        for (var i = 1; i < names.Length; i++)
        {
            if (ReferenceEquals(names[i], feed) || string.Equals(names[i], feed, StringComparison.Ordinal))
            {
                return (ushort)i;
            }
        }

        return Add(feed);
    }

    public string NameOf(ushort index)
    {
        var names = Volatile.Read(ref _names);
        return index < names.Length ? names[index] : Unknown;
    }

    private ushort Add(string feed)
    {
        lock (_gate)
        {
            var index = Array.IndexOf(_names, feed, 1);
            if (index > 0)
            {
                return (ushort)index;
            }

            if (_names.Length > ushort.MaxValue)
            {
                return 0;
            }

            Volatile.Write(ref _names, [.. _names, feed]);
            return (ushort)(_names.Length - 1);
        }
    }
}
