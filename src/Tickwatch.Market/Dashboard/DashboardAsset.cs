using Microsoft.Net.Http.Headers;

namespace Tickwatch.Market.Dashboard;

/// <summary>One static file of the dashboard, held in memory.</summary>
/// <param name="Path">Its path under <c>/dashboard/</c>, e.g. <c>vendor/uPlot.iife.min.js</c>.</param>
/// <param name="Content">Its bytes.</param>
/// <param name="ContentType">The media type it is served with.</param>
/// <param name="ETag">A strong validator of <paramref name="Content"/>, so browsers revalidate instead of downloading again.</param>
public sealed record DashboardAsset(string Path, ReadOnlyMemory<byte> Content, string ContentType, EntityTagHeaderValue ETag);
