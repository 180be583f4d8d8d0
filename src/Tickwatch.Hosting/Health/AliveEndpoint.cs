using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Tickwatch.Hosting.Health;

/// <summary><c>GET /health</c> of every role: the process is alive (no token; answering at all is the point).</summary>
public static class AliveEndpoint
{
    public const string Path = "/health";

    /// <summary>Maps <see cref="Path"/> answering an <see cref="AliveResponse"/> for <paramref name="service"/>.</summary>
    /// <param name="app">The role's routes.</param>
    /// <param name="service">The role's name in the body (<c>market</c>, <c>gateway</c>).</param>
    /// <param name="degraded">Whether the role runs degraded; never when null.</param>
    public static RouteHandlerBuilder MapAlive(this IEndpointRouteBuilder app, string service, Func<IServiceProvider, bool>? degraded = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentException.ThrowIfNullOrEmpty(service);
        return app.MapGet(Path, (HttpContext context, TimeProvider time) =>
            TypedResults.Ok(new AliveResponse("alive", service, time.GetUtcNow(), degraded?.Invoke(context.RequestServices) ?? false)));
    }
}
