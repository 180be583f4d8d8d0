using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Tickwatch.Market.Dashboard;

/// <summary>The dashboard page at <c>/</c> and its files under <c>/dashboard/</c>; static and public, its data comes from <c>/api/debug/dashboard</c>, which needs the operator token.</summary>
public static class DashboardPageEndpoints
{
    // Everything the page loads comes from this service: no CDN, no inline script.
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static IEndpointRouteBuilder MapDashboardPage(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/", GetIndex)
            .WithName("Dashboard")
            .WithSummary("The live operator dashboard.")
            .ExcludeFromDescription();
        app.MapGet("/dashboard/{**path}", GetAsset)
            .WithName("DashboardAsset")
            .ExcludeFromDescription();
        return app;
    }

    private static Results<FileContentHttpResult, NotFound> GetIndex(DashboardAssets assets, HttpResponse response) =>
        Serve(assets, DashboardAssets.IndexPath, response);

    private static Results<FileContentHttpResult, NotFound> GetAsset(string? path, DashboardAssets assets, HttpResponse response) =>
        Serve(assets, string.IsNullOrEmpty(path) ? DashboardAssets.IndexPath : path, response);

    private static Results<FileContentHttpResult, NotFound> Serve(DashboardAssets assets, string path, HttpResponse response)
    {
        if (!assets.TryGet(path, out var asset))
        {
            return TypedResults.NotFound();
        }

        var headers = response.Headers;

        // Revalidated on every load (cheap with the ETag), so a new version of the service shows its new page at once.
        headers.CacheControl = "no-cache";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        return TypedResults.Bytes(asset!.Content, asset.ContentType, entityTag: asset.ETag);
    }
}
