using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;

namespace Tickwatch.Market.Dashboard;

/// <summary>The dashboard's static files, embedded in the assembly so that the service serves them wherever it runs from (build output, <c>dotnet publish</c>, tests).</summary>
/// <remarks>The project embeds <c>Dashboard/wwwroot/**</c> under the resource names <c>dashboard/{path}</c>; all are read once, at first use.</remarks>
public sealed class DashboardAssets
{
    /// <summary>Prefix of the dashboard's resource names in the assembly.</summary>
    public const string ResourcePrefix = "dashboard/";

    /// <summary>The page served at <c>/</c>.</summary>
    public const string IndexPath = "index.html";

    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    private readonly Dictionary<string, DashboardAsset> _assets;

    public DashboardAssets()
        : this(typeof(DashboardAssets).Assembly)
    {
    }

    public DashboardAssets(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        _assets = new Dictionary<string, DashboardAsset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames())
        {
            // MSBuild's RecursiveDir keeps the build machine's separator.
            var resource = name.Replace('\\', '/');
            if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(name)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var content = buffer.ToArray();
            var path = resource[ResourcePrefix.Length..];
            var tag = Convert.ToHexStringLower(SHA256.HashData(content).AsSpan(0, 8));
            _assets[path] = new DashboardAsset(path, content, ContentTypeOf(path), new EntityTagHeaderValue($"\"{tag}\""));
        }
    }

    /// <summary>Every path served, e.g. <c>index.html</c>, <c>dashboard.js</c>.</summary>
    public IReadOnlyCollection<string> Paths => _assets.Keys;

    public bool TryGet(string path, out DashboardAsset? asset) => _assets.TryGetValue(path, out asset);

    private static string ContentTypeOf(string path)
    {
        var type = ContentTypes.TryGetContentType(path, out var known) ? known : "text/plain";
        return type.StartsWith("text/", StringComparison.Ordinal) ? type + "; charset=utf-8" : type;
    }
}
