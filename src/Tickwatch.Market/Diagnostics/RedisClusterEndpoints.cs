using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Tickwatch.Storage.Diagnostics;

namespace Tickwatch.Market.Diagnostics;

/// <summary><c>GET /api/debug/redis-cluster</c>: cluster health, each node, the connection, write performance and recent errors.</summary>
public static class RedisClusterEndpoints
{
    public static RouteGroupBuilder MapRedisClusterDiagnostics(this RouteGroupBuilder debug)
    {
        ArgumentNullException.ThrowIfNull(debug);
        debug.MapGet("/redis-cluster", GetRedisClusterAsync)
            .WithName("RedisClusterDiagnostics")
            .WithSummary("Redis Cluster state, node health, connection statistics and store write performance.");
        return debug;
    }

    private static async Task<Ok<RedisClusterReport>> GetRedisClusterAsync(RedisClusterDiagnostics diagnostics, CancellationToken cancellationToken) =>
        TypedResults.Ok(await diagnostics.GetReportAsync(cancellationToken).ConfigureAwait(false));
}
