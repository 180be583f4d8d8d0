namespace Tickwatch.Feeds.Codecs.Compression;

/// <summary>The Adler-32 checksum that ends every zlib stream (RFC 1950).</summary>
internal static class Adler32
{
    private const uint Modulus = 65521;

    // Largest run of bytes whose sums cannot overflow 32 bits before the modulo (zlib's NMAX).
    private const int MaxRun = 5552;

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        uint a = 1;
        uint b = 0;
        while (!data.IsEmpty)
        {
            var run = data[..Math.Min(MaxRun, data.Length)];
            foreach (var value in run)
            {
                a += value;
                b += a;
            }

            a %= Modulus;
            b %= Modulus;
            data = data[run.Length..];
        }

        return (b << 16) | a;
    }
}
