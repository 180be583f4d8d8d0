using System.Text;
using Tickwatch.Core.Trading;

namespace Tickwatch.Storage.Cluster;

/// <summary>Which partition an account belongs to: its Redis hash slot, spread evenly over the partitions.</summary>
/// <remarks>
/// The slot is the one Redis Cluster gives the account's keys (<c>user:{live:42}:config</c>), so a partition is a set of
/// whole slots and never splits an account; CRC16-XMODEM of the hash tag, as Redis computes it.
/// </remarks>
public static class PartitionMap
{
    /// <summary>Hash slots in a Redis Cluster.</summary>
    public const int Slots = 16384;

    /// <summary>The partitions of this clusters (<c>Cluster:Partitions</c>).</summary>
    public const int DefaultPartitions = 16;

    /// <summary>Redis Cluster's hash slot of <paramref name="key"/>: of its hash tag when it has a non-empty one, else of the whole key.</summary>
    public static int HashSlot(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var bytes = Encoding.UTF8.GetBytes(key);
        ReadOnlySpan<byte> hashed = bytes;
        var open = hashed.IndexOf((byte)'{');
        if (open >= 0)
        {
            var close = hashed[(open + 1)..].IndexOf((byte)'}');
            if (close > 0)
            {
                hashed = hashed.Slice(open + 1, close);
            }
        }

        return Crc16(hashed) & (Slots - 1);
    }

    /// <summary>The partition of <paramref name="account"/>, 0 to <paramref name="partitions"/> − 1.</summary>
    public static int Of(AccountId account, int partitions = DefaultPartitions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(partitions, Slots);
        return (int)((long)HashSlot(account.ToString()) * partitions / Slots);
    }

    // CRC16-CCITT (XMODEM): polynomial 0x1021, initial 0, no reflection, as in Redis's crc16.c.
    private static int Crc16(ReadOnlySpan<byte> bytes)
    {
        var crc = 0;
        foreach (var b in bytes)
        {
            crc ^= b << 8;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x8000) != 0 ? ((crc << 1) ^ 0x1021) & 0xFFFF : (crc << 1) & 0xFFFF;
            }
        }

        return crc;
    }
}
