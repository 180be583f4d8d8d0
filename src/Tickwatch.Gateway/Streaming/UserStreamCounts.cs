using System.Collections.Concurrent;

namespace Tickwatch.Gateway.Streaming;

/// <summary>How many streams each user has open, held under a per-user limit; a user with none takes no room.</summary>
internal sealed class UserStreamCounts(int limit)
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    /// <summary>Streams <paramref name="user"/> has open now.</summary>
    public int Of(string user) => _counts.TryGetValue(user, out var count) ? count : 0;

    /// <summary>Counts one more stream for <paramref name="user"/>, or says no when the user has <c>limit</c> open.</summary>
    public bool TryAdd(string user)
    {
        while (true)
        {
            if (_counts.TryGetValue(user, out var count))
            {
                if (count >= limit)
                {
                    return false;
                }

                if (_counts.TryUpdate(user, count + 1, count))
                {
                    return true;
                }
            }
            else if (_counts.TryAdd(user, 1))
            {
                return true;
            }
        }
    }

    /// <summary>Gives back a stream counted with <see cref="TryAdd"/>; the user's entry goes with its last stream.</summary>
    public void Remove(string user)
    {
        while (_counts.TryGetValue(user, out var count))
        {
            // Only the exact pair is removed or lowered: a concurrent add makes this look again.
            if (count <= 1 ? _counts.TryRemove(new KeyValuePair<string, int>(user, count)) : _counts.TryUpdate(user, count - 1, count))
            {
                return;
            }
        }
    }
}
