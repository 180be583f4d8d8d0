using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Tickwatch.Storage.Cluster;

namespace Tickwatch.Market.Cluster;

/// <summary><c>GET /api/debug/instances</c>: the live instances, every lease with its holder and token, the partitions' holders, orphaned work and fenced writes.</summary>
public static class ClusterDiagnosticsEndpoints
{
    public static RouteGroupBuilder MapClusterDiagnostics(this RouteGroupBuilder debug)
    {
        ArgumentNullException.ThrowIfNull(debug);
        debug.MapGet("/instances", GetInstancesAsync)
            .WithName("InstancesDiagnostics")
            .WithSummary("The cluster as this instance sees it: live instances, leases and their holders, partitions, orphaned work, fenced writes.");
        return debug;
    }

    /// <summary>The cluster as this instance sees it now (the lease store is read); throws when the store cannot be read.</summary>
    public static async Task<InstancesReport> ReportOf(IServiceProvider services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        var snapshot = await services.GetRequiredService<IClusterStatus>().SnapshotAsync(cancellationToken).ConfigureAwait(false);
        return InstancesReport.From(snapshot, services.GetRequiredService<IPartitionOwnership>().Partitions, services.GetService<ClusterWatch>());
    }

    private static async Task<Results<Ok<InstancesReport>, ProblemHttpResult>> GetInstancesAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        try
        {
            return TypedResults.Ok(await ReportOf(services, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "The cluster could not be read",
                detail: $"The lease store or the instance registry did not answer: {ex.Message}");
        }
    }
}
