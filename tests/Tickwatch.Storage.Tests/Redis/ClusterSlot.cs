using System.Text;

namespace Tickwatch.Storage.Tests.Redis;

/// <summary>Redis Cluster's slot of a key (CRC16/XMODEM of the hash tag or the whole key, mod 16384), so slot tests need no server.</summary>
internal static class ClusterSlot
{
    public static int Of(string key)
    {
        var open = key.IndexOf('{', StringComparison.Ordinal);
        if (open >= 0)
        {
            var close = key.IndexOf('}', open + 1);
            if (close > open + 1)
            {
                key = key[(open + 1)..close];
            }
        }

        var crc = 0;
        foreach (var b in Encoding.UTF8.GetBytes(key))
        {
            crc ^= b << 8;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }

            crc &= 0xFFFF;
        }

        return crc % 16384;
    }
}
