using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Tickwatch.Storage.Cluster;

/// <summary>Which live instance should own each partition: the one with the highest hash of (instance, partition).</summary>
/// <remarks>
/// Rendezvous hashing: an instance joining takes only the partitions it now wins, and one leaving gives up only its own,
/// so a change of membership moves about 1/N of the partitions. The hash is SHA-256, the same in every process.
/// </remarks>
public static class RendezvousAssignment
{
    /// <summary>The desired owner of <paramref name="partition"/> among <paramref name="instances"/>; null when there are none.</summary>
    public static string? OwnerOf(int partition, IEnumerable<string> instances)
    {
        ArgumentNullException.ThrowIfNull(instances);
        string? owner = null;
        ulong best = 0;
        foreach (var instance in instances)
        {
            var score = Score(instance, partition);

            // Ties (practically never) go to the lower id, so every instance decides alike.
            if (owner is null || score > best || (score == best && string.CompareOrdinal(instance, owner) < 0))
            {
                owner = instance;
                best = score;
            }
        }

        return owner;
    }

    /// <summary>The desired owner of each of <paramref name="partitions"/> partitions, by partition.</summary>
    public static IReadOnlyList<string?> Assign(int partitions, IReadOnlyCollection<string> instances)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        return [.. Enumerable.Range(0, partitions).Select(p => OwnerOf(p, instances))];
    }

    private static ulong Score(string instance, int partition)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(instance + "|" + partition.ToString(CultureInfo.InvariantCulture)), hash);
        return BinaryPrimitives.ReadUInt64BigEndian(hash);
    }
}
