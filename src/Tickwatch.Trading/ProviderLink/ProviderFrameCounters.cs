namespace Tickwatch.Trading.ProviderLink;

/// <summary>Frames read by one end of the provider link, and those refused by category; thread-safe.</summary>
public sealed class ProviderFrameCounters
{
    private readonly long[] _byError = new long[Enum.GetValues<ProviderFrameError>().Length];

    /// <summary>Frames decoded into a message.</summary>
    public long Decoded => Interlocked.Read(ref _byError[(int)ProviderFrameError.None]);

    /// <summary>Frames refused, every category together.</summary>
    public long Refused
    {
        get
        {
            long total = 0;
            for (var i = 1; i < _byError.Length; i++)
            {
                total += Interlocked.Read(ref _byError[i]);
            }

            return total;
        }
    }

    public long Of(ProviderFrameError error) => Interlocked.Read(ref _byError[(int)error]);

    public void Count(ProviderFrameError error) => Interlocked.Increment(ref _byError[(int)error]);

    /// <summary>The refusals by their snake_case category name (<c>invalid_msgpack</c>, …), zeros included, for status endpoints.</summary>
    public IReadOnlyDictionary<string, long> RefusedByCategory()
    {
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var error in Enum.GetValues<ProviderFrameError>())
        {
            if (error != ProviderFrameError.None)
            {
                counts[NameOf(error)] = Of(error);
            }
        }

        return counts;
    }

    /// <summary>The snake_case name of a category, as status endpoints, logs and metrics show it.</summary>
    public static string NameOf(ProviderFrameError error) => error switch
    {
        ProviderFrameError.None => "none",
        ProviderFrameError.Oversized => "oversized",
        ProviderFrameError.Empty => "empty",
        ProviderFrameError.InvalidMessagePack => "invalid_msgpack",
        ProviderFrameError.NotAMap => "not_a_map",
        ProviderFrameError.UnknownMessageType => "unknown_message_type",
        ProviderFrameError.MissingField => "missing_field",
        ProviderFrameError.InvalidField => "invalid_field",
        ProviderFrameError.TrailingBytes => "trailing_bytes",
        _ => throw new ArgumentOutOfRangeException(nameof(error), error, null),
    };
}
