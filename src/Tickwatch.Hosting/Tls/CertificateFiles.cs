using System.Text;

namespace Tickwatch.Hosting.Tls;

/// <summary>Reads a certificate or key file named by a setting, turning a missing or unreadable file into a problem that names both.</summary>
internal static class CertificateFiles
{
    private static readonly byte[] PemMarker = Encoding.ASCII.GetBytes("-----BEGIN ");

    /// <summary>The file's bytes, or null with the reason added to <paramref name="errors"/>.</summary>
    public static byte[]? Read(string setting, string path, List<string> errors)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            errors.Add($"{setting}: there is no file '{Path.GetFullPath(path)}'.");
        }
        catch (UnauthorizedAccessException)
        {
            errors.Add($"{setting}: '{Path.GetFullPath(path)}' cannot be read by this process (check its owner and mode).");
        }
        catch (IOException ex)
        {
            errors.Add($"{setting}: '{Path.GetFullPath(path)}' cannot be read: {ex.Message}");
        }

        return null;
    }

    /// <summary>Whether <paramref name="bytes"/> are PEM text rather than DER or PKCS#12.</summary>
    public static bool IsPem(ReadOnlySpan<byte> bytes) => bytes.IndexOf(PemMarker) >= 0;
}
